/**
 * Spans of text that no stage may cut or rewrite: URLs, e-mail addresses, numbers (68.74, 1,000, 3.5%),
 * versions and product names (GPT-3.5, Llama 2, Node.js, C++), and Latin words.
 *
 * Punctuation normalisation leaves them as they are, the sentence splitter never splits inside them and the
 * segmenter emits each as one token.
 */
export type ProtectedKind = 'url' | 'email' | 'number' | 'latin';

export interface ProtectedSpan {
  start: number;
  end: number;
  kind: ProtectedKind;
}

/** A URL never runs into Chinese: Han characters, CJK and full-width punctuation end it, as do quotes and brackets. */
const URL_CHAR = String.raw`[^\s<>"'“”‘’()\u2014\u2026\u2E80-\u9FFF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF]`;
const URL = String.raw`(?:https?|ftp)://${URL_CHAR}+|www\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:/${URL_CHAR}*)?`;
const EMAIL = String.raw`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`;
/** Numbers with decimal points, thousands separators, signs, percent and per-mille. */
const NUMBER = String.raw`\d{4}-\d{1,2}-\d{1,2}(?!\d)|\d+(?:[.:]\d+)*(?:,\d{3}(?!\d))*(?:\.\d+)?(?:[%‰])?`;
/**
 * A Latin term: letters and digits joined by inner `-`, `.`, `_`, `'`, `+`, `/`, `&` (GPT-3.5, Node.js, C++,
 * AT&T, TCP/IP, xAI, 405B), optionally followed by one space and a version number (Llama 2, Windows 11,
 * LlaMa 3.1) when the word starts with a capital.
 */
const LATIN_WORD = String.raw`[A-Za-z][A-Za-z0-9]*(?:[-._'’+/&][A-Za-z0-9]+)*(?:\+\+|#)?`;
const VERSIONED = String.raw`[A-Z][A-Za-z0-9]*(?:[-._][A-Za-z0-9]+)* \d+(?:\.\d+)*(?![\d.]*\s?[A-Za-z%])`;
const LATIN_TERM = String.raw`\d+(?:\.\d+)*[A-Za-z]+[A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*`; // 7nm, 3D, 405B, 5G

const PROTECT_RE = new RegExp(
  `(?<url>${URL})|(?<email>${EMAIL})|(?<versioned>${VERSIONED})|(?<term>${LATIN_TERM})|(?<latin>${LATIN_WORD})|(?<number>${NUMBER})`,
  'g',
);

/** Protected spans of `text`, in order, non-overlapping. */
export function protectedSpans(text: string): ProtectedSpan[] {
  const spans: ProtectedSpan[] = [];
  PROTECT_RE.lastIndex = 0;
  for (let m = PROTECT_RE.exec(text); m; m = PROTECT_RE.exec(text)) {
    const g = m.groups!;
    let value = m[0];
    let kind: ProtectedKind;
    if (g.url !== undefined) {
      kind = 'url';
      // A URL never ends in sentence punctuation that follows it.
      value = value.replace(/[.,;:!?]+$/, '');
    } else if (g.email !== undefined) kind = 'email';
    else if (g.number !== undefined) {
      kind = 'number';
      value = value.replace(/[.,:]+$/, '');
    } else kind = 'latin';
    if (value.length === 0) continue;
    spans.push({ start: m.index, end: m.index + value.length, kind });
    PROTECT_RE.lastIndex = m.index + value.length;
  }
  return spans;
}

/** For each code unit, whether it lies inside a protected span (and is not its first code unit). */
export function protectedInterior(text: string, spans = protectedSpans(text)): Uint8Array {
  const inside = new Uint8Array(text.length);
  for (const s of spans) for (let i = s.start + 1; i < s.end; i++) inside[i] = 1;
  return inside;
}
