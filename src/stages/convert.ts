import type { Root } from 'nlcst';
import type { VFile } from 'vfile';
import { toSimplified, type FromLocale } from '../text/convert.js';
import { articleData } from './context.js';
import { lines, sentencesOf } from './tree.js';

/** The opencc-js converter named in the article's metadata (`<from>→cn`), or identity. */
export function converterOf(name: string): (s: string) => string {
  if (!name || name === 'none') return (s) => s;
  return toSimplified(name.split('→')[0] as FromLocale);
}

/**
 * Stage `convert`: the Simplified text of every sentence, with the converter the `script` stage chose. Converting
 * sentence by sentence keeps each original sentence aligned with its Simplified form (phrase conversion may
 * change lengths, so the two are never mapped character by character). Title and metadata are converted too.
 */
export default function convert() {
  return (tree: Root, file: VFile) => {
    const data = articleData(file);
    const conv = converterOf(data.meta.converter);
    for (const node of lines(tree)) {
      for (const s of sentencesOf(node)) s.data.sentence.simplified = conv(s.data.sentence.original.text);
    }
    for (const key of ['title', 'author', 'source'] as const) {
      const v = data.meta[key];
      if (typeof v === 'string') data.meta[key] = conv(v);
    }
  };
}
