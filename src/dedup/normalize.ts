import { toText } from 'hast-util-to-text';
import { htmlTree } from '../stages/parse-html.js';
import { toSimplified } from '../text/convert.js';

/** The visible text of an article: HTML as a browser would render it to text (scripts and styles dropped). */
export function visibleText(content: string, html: boolean): string {
  return html ? toText(htmlTree(content)) : content;
}

/**
 * The text two articles are compared by: converted to Simplified (Taiwan, Hong Kong and generic Traditional
 * variants), Unicode-compatibility folded (full-width letters and digits), lower-cased, and reduced to letters
 * (Han included) and digits. Punctuation, spacing and script do not tell two copies of an article apart.
 */
export function normalizeForDedup(text: string): string {
  const simplified = toSimplified('tw')(text.normalize('NFKC')).toLowerCase();
  return simplified.replace(/[^\p{L}\p{N}]+/gu, '').replace(AMBIGUOUS_RE, (c) => AMBIGUOUS[c]!);
}

/**
 * Characters a Simplified -> Traditional -> Simplified round trip does not always give back (OpenCC keeps them
 * where they are also correct Simplified, e.g. 显著, 乾隆): folded to one form, for comparison only.
 */
const AMBIGUOUS: Record<string, string> = { 著: '着', 乾: '干', 於: '于', 藉: '借', 瞭: '了', 麼: '么', 餘: '余', 鬥: '斗', 隻: '只', 纔: '才', 裏: '里', 係: '系', 併: '并', 羣: '群' };
const AMBIGUOUS_RE = new RegExp(`[${Object.keys(AMBIGUOUS).join('')}]`, 'g');
