import type { Root, Word } from 'nlcst';
import { dataFile } from '../config/loaded.js';
import { Segmenter } from '../text/segment.js';
import type { StageContext } from './context.js';
import { lines, sentencesOf } from './tree.js';

const segmenters = new Map<string, Segmenter>();
const NO_WORDS: readonly string[] = [];

/** The thread's one segmenter for ctx's user dictionary and configuration (its run-time words as they are). */
function configSegmenter(ctx: StageContext): Segmenter {
  const file = dataFile(ctx.config, ctx.config.config.segment.userDictionary);
  const key = `${file}\0${ctx.config.hash}`;
  let s = segmenters.get(key);
  if (!s) {
    s = Segmenter.fromFile(file);
    segmenters.set(key, s);
  }
  return s;
}

/**
 * One segmenter per user dictionary and thread (loading jieba's dictionary is the slow part of start-up), holding
 * ctx's extra words (the run's discovered terms): inserted into the loaded dictionary, not loaded again.
 */
export function segmenterFor(ctx: StageContext): Segmenter {
  const s = configSegmenter(ctx);
  s.setWords(ctx.extraWords ?? NO_WORDS);
  return s;
}

/**
 * Load ctx's dictionary in this thread now, so that the first segment task does not wait for it (a worker's
 * 'warm' task). Keeps the words the segmenter holds unless ctx brings extra words.
 */
export function warmSegmenter(ctx: StageContext): void {
  const s = configSegmenter(ctx);
  if (ctx.extraWords) s.setWords(ctx.extraWords);
  s.warm();
}

/** Stage `segment`: tokens of every Simplified sentence, as nlcst word, punctuation and symbol nodes. */
export default function segment(ctx: StageContext) {
  const seg = segmenterFor(ctx);
  const words = ctx.extraWords ?? NO_WORDS;
  return (tree: Root) => {
    // The segmenter is shared by every runner of this configuration in the thread: make it hold this one's words.
    seg.setWords(words);
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
