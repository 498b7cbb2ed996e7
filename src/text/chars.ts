/** Character classes shared by every stage. */

/** Han ideographs (CJK Unified Ideographs, extensions A-F via surrogates, compatibility ideographs) and 〇. */
export const HAN = '\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF\\u3007';
export const HAN_RE = new RegExp(`[${HAN}]`);
/** Full-width and CJK punctuation. */
export const CJK_PUNCT = '\\u3000-\\u303F\\uFF01-\\uFF0F\\uFF1A-\\uFF20\\uFF3B-\\uFF40\\uFF5B-\\uFF65\\u2014\\u2015\\u2018\\u2019\\u201C\\u201D\\u2026\\u00B7\\uFE30-\\uFE4F';

/** Closing quotes and brackets that stay with the sentence they close. */
export const CLOSERS = '”’」』）)】》〉〕］]｝}"\'';
