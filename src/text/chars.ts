/** Character classes shared by every stage. */

/** Han ideographs (CJK Unified Ideographs, extensions A-F via surrogates, compatibility ideographs) and 〇. */
export const HAN = '\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF\\u3007';
export const HAN_RE = new RegExp(`[${HAN}]`);
export const HAN_G = new RegExp(`[${HAN}]`, 'g');
/** Full-width and CJK punctuation. */
export const CJK_PUNCT = '\\u3000-\\u303F\\uFF01-\\uFF0F\\uFF1A-\\uFF20\\uFF3B-\\uFF40\\uFF5B-\\uFF65\\u2014\\u2015\\u2018\\u2019\\u201C\\u201D\\u2026\\u00B7\\uFE30-\\uFE4F';
export const CJK_PUNCT_RE = new RegExp(`[${CJK_PUNCT}]`);
/** Han or CJK punctuation: "Chinese context" for punctuation normalisation. */
export const CJK_CONTEXT = `${HAN}${CJK_PUNCT}`;

export function isHan(ch: string | undefined): boolean {
  return ch !== undefined && HAN_RE.test(ch);
}

export function countHan(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff)) n++;
  }
  return n;
}

export function countLatin(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 0x20;
    if (c >= 0x61 && c <= 0x7a) n++;
  }
  return n;
}

/** Sentence-final punctuation, full-width and ASCII. */
export const SENTENCE_END = '。！？!?；;…';
/** Closing quotes and brackets that stay with the sentence they close. */
export const CLOSERS = '”’」』）)】》〉〕］]｝}"\'';
export const OPENERS = '“‘「『（(【《〈〔［[｛{';
