import type { Root, Word } from 'nlcst';
import { dataFile } from '../config/load.js';
import { Segmenter } from '../text/segment.js';
import type { StageContext } from './context.js';
import { lines, sentencesOf } from './tree.js';

const segmenters = new Map<string, Segmenter>();

/** One segmenter per user dictionary and process: loading jieba's dictionary is the slow part of start-up. */
export function segmenterFor(ctx: StageContext): Segmenter {
  const file = dataFile(ctx.config, ctx.config.config.segment.userDictionary);
  const key = `${file}\0${ctx.config.hash}`;
  let s = segmenters.get(key);
  if (!s) {
    s = Segmenter.fromFile(file);
    if (ctx.extraWords?.length) s.addWords(ctx.extraWords);
    segmenters.set(key, s);
  }
  return s;
}

/** Stage `segment`: tokens of every Simplified sentence, as nlcst word, punctuation and symbol nodes. */
export default function segment(ctx: StageContext) {
  const seg = segmenterFor(ctx);
  return (tree: Root) => {
    for (const node of lines(tree)) {
      for (const s of sentencesOf(node)) {
        const text = s.data.sentence.simplified ?? s.data.sentence.original.text;
        const tokens = seg.cut(text);
        s.data.sentence.tokens = tokens;
        s.children = tokens.map((value): Word | { type: 'PunctuationNode'; value: string } =>
          /^[\p{P}\p{S}]+$/u.test(value)
            ? { type: 'PunctuationNode', value }
            : { type: 'WordNode', children: [{ type: 'TextNode', value }] },
        ) as typeof s.children;
      }
    }
  };
}
