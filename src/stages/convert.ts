import type { Root } from 'nlcst';
import type { VFile } from 'vfile';
import { toSimplified, type FromLocale } from '../text/convert.js';
import type { MappedText } from '../text/mapped.js';
import { articleData } from './context.js';
import { lines, sentencesOf } from './tree.js';

const identity = (s: string) => s;

/** The opencc-js converter named in the article's metadata (`<from>→cn`), or identity. */
export function converterOf(name: string): (s: string) => string {
  if (!name || name === 'none') return identity;
  return toSimplified(name.split('→')[0] as FromLocale);
}

/** The Simplified text of line texts already converted, with the converter used (chrome and metadata both ask). */
const simplifiedLines = new WeakMap<MappedText, { conv: (s: string) => string; simplified: string }>();

/** `conv(text.text)`, converted once for as long as the line keeps this text. */
export function simplifiedLine(text: MappedText, conv: (s: string) => string): string {
  if (conv === identity) return text.text;
  const known = simplifiedLines.get(text);
  if (known?.conv === conv) return known.simplified;
  const simplified = conv(text.text);
  simplifiedLines.set(text, { conv, simplified });
  return simplified;
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
