import type { Root } from 'nlcst';
import retextEnglish from 'retext-english';
import { unified } from 'unified';
import { CLOSERS, HAN } from './chars.js';
import { protectedInterior } from './protect.js';

/** A sentence as a [start, end) range of code units of the paragraph text. */
export type Range = [number, number];

export interface SplitOptions {
  /** ； ends a sentence too (off by default: the gold standards keep clauses joined by ； in one sentence). */
  semicolon?: boolean;
}

/** Marks that end a sentence wherever they stand (outside numbers, URLs, brackets). */
const TERMINATORS = new Set(['。', '！', '？', '!', '?', '｡', '．']);
/** Ellipsis characters: a sentence end outside quoted speech, a hesitation inside it (“我…… 我……”). */
const ELLIPSIS = new Set(['…', '⋯']);
/** Dashes: a sentence end only when a quote or bracket closes right after them (“你为什么——”). */
const DASHES = new Set(['—', '―']);
const CLOSER_SET = new Set(CLOSERS.split(''));
/** Brackets whose content is never split (when they close within reach). */
const BRACKETS: Record<string, string> = { '（': '）', '(': ')', '【': '】', '[': ']', '〔': '〕', '《': '》' };
/** Quotation marks of speech: inside them an ellipsis does not end a sentence. */
const QUOTES: Record<string, string> = { '“': '”', '「': '」', '『': '』', '﹁': '﹂' };
/** How far a bracket may reach and still hold its content together. */
const BRACKET_REACH = 300;
/** Marks after which a sentence obviously goes on, even behind a closing quote: “好——”，他说. */
const CONTINUES = /^[，、；：,;:]/;
/**
 * Sentence-final marks never begin a sentence: one standing after a closed quote or bracket is that sentence's own
 * final mark (他说：“谁想听呢？”。 is one sentence), so no cut is made before it.
 */
const NEVER_STARTS = /^[。！？｡!?]/;
const HAN_RE = new RegExp(`[${HAN}]`);

/** retext-english's parser (parse-english): knows abbreviations, initials and decimals. */
const english = unified().use(retextEnglish).freeze();

/** Positions inside a bracket pair that closes within reach: splits never happen there. */
const ANY_BRACKET = /[（(【\[〔《]/;
const ANY_QUOTE = /[“「『﹁]/;

function bracketMask(text: string): Uint8Array {
  const mask = new Uint8Array(text.length);
  if (!ANY_BRACKET.test(text)) return mask;
  const stack: { ch: string; at: number }[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (BRACKETS[ch] !== undefined) stack.push({ ch, at: i });
    else {
      const top = stack[stack.length - 1];
      if (top && BRACKETS[top.ch] === ch) {
        stack.pop();
        if (i - top.at <= BRACKET_REACH) for (let k = top.at + 1; k < i; k++) mask[k] = 1;
      }
    }
  }
  return mask;
}

/** Positions inside quoted speech (an opening quote not yet closed; an unclosed quote runs to the end). */
function quoteMask(text: string): Uint8Array {
  const mask = new Uint8Array(text.length);
  if (!ANY_QUOTE.test(text)) return mask;
  const stack: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (QUOTES[ch] !== undefined) stack.push(QUOTES[ch]!);
    else if (stack.length && ch === stack[stack.length - 1]) stack.pop();
    else if (stack.length) mask[i] = 1;
  }
  return mask;
}

/** Whether `text` from `i` on is English prose that retext-english should split. */
const ENGLISH_BOUNDARY = /[A-Za-z0-9%)"'’”][.!?]["'’”)]*\s+["'“‘(]?[A-Z]/;

/** Sentence boundaries (end offsets) of an English span, from retext-english's parser. */
function englishBoundaries(text: string): number[] {
  const tree = english.parse(text) as Root;
  const ends: number[] = [];
  for (const para of tree.children) {
    if (para.type !== 'ParagraphNode') continue;
    for (const s of para.children) {
      if (s.type === 'SentenceNode' && s.position?.end.offset !== undefined) ends.push(s.position.end.offset);
    }
  }
  return ends;
}

/** Abbreviations that a full stop does not end a sentence after (English, before Chinese text). */
const ABBREVIATIONS = new Set(
  'mr mrs ms dr prof sr jr st mt inc ltd co corp dept univ vs etc al eg ie no vol fig jan feb mar apr jun jul aug sep sept oct nov dec'.split(' '),
);

/** Whether the full stop at `i` follows an English word that is not an abbreviation or an initial. */
function endsEnglishWord(text: string, i: number): boolean {
  const m = /[A-Za-z]+$/.exec(text.slice(Math.max(0, i - 30), i));
  if (!m) return false;
  const word = m[0];
  if (word.length < 2 || ABBREVIATIONS.has(word.toLowerCase())) return false;
  const before = text[i - word.length - 1];
  return before === undefined || !/[A-Za-z0-9.]/.test(before);
}

/** The first position at or after `j` that is not a space. */
function skipSpaces(text: string, j: number): number {
  while (j < text.length && (text[j] === ' ' || text[j] === '\u3000')) j++;
  return j;
}

/** After a sentence-final mark ending at `j`: the closing quotes and brackets that follow, even behind a space. */
function takeClosers(text: string, j: number): number {
  for (;;) {
    const k = skipSpaces(text, j);
    if (k < text.length && CLOSER_SET.has(text[k]!) && text[k] !== '"' && text[k] !== "'") j = k + 1;
    else if (k < text.length && (text[k] === '"' || text[k] === "'") && (k + 1 >= text.length || !/[A-Za-z0-9]/.test(text[k + 1]!))) j = k + 1;
    else return j;
  }
}

/**
 * Split a paragraph into sentences.
 * - Chinese sentences end at 。！？ (a run of marks counts as one), with the closing quotes and brackets that
 *   follow kept in the sentence, so “……。”他说。 gives “……。” and 他说。 (a trailing ellipsis after a closed
 *   quote stays with it). Inside quoted speech 。！？ still end sentences, as in the gold standards. A final mark
 *   after the closing quote belongs to the same sentence (“谁想听呢？”。 ends one sentence, never starts one).
 * - An ellipsis ends a sentence in narration, not inside quoted speech (“我…… 我……” is one hesitation), and not
 *   when a comma or the like follows. A dash ends one only when a quote closes right after it.
 * - ASCII ! and ? end a sentence in Chinese context; an ASCII full stop does too after a Han character, or after
 *   an English word (not an abbreviation such as Mr.) when Chinese follows.
 * - Runs of English prose are split by retext-english (abbreviations such as Mr. and U.S., initials, decimals).
 * - Never splits inside numbers, URLs, versions or Latin terms (68.74, GPT-3.5, Node.js), nor inside a pair of
 *   brackets. ； does not end a sentence (as in the UD and MAC-Dev gold standards) unless `semicolon` is set.
 */
export function splitSentences(text: string, opts: SplitOptions = {}): Range[] {
  const n = text.length;
  const isEnd = opts.semicolon ? (c: string) => TERMINATORS.has(c) || c === '；' : (c: string) => TERMINATORS.has(c);
  const locked = protectedInterior(text);
  const inBracket = bracketMask(text);
  const inQuote = quoteMask(text);
  const cuts = new Set<number>();
  /** Cut at `j` unless the text obviously goes on there. */
  const cut = (j: number) => {
    const k = skipSpaces(text, j);
    if (k < n && !CONTINUES.test(text.slice(k, k + 1)) && !NEVER_STARTS.test(text.slice(k, k + 1))) cuts.add(j);
  };
  for (let i = 0; i < n; i++) {
    const ch = text[i]!;
    if (locked[i] || inBracket[i]) continue;
    if (isEnd(ch)) {
      let j = i + 1;
      while (j < n && (isEnd(text[j]!) || ELLIPSIS.has(text[j]!) || text[j] === '.')) j++;
      j = takeClosers(text, j);
      // A trailing ellipsis after a closed quote belongs to it: “……传奇。” ……
      const k = skipSpaces(text, j);
      if (k > j && k < n && ELLIPSIS.has(text[k]!)) {
        j = k;
        while (j < n && ELLIPSIS.has(text[j]!)) j++;
        j = takeClosers(text, j);
      }
      // ASCII ! and ? between Latin words are English: left to retext-english.
      if ((ch === '!' || ch === '?') && /[A-Za-z0-9]/.test(text[i - 1] ?? '') && /^\s*[A-Za-z]/.test(text.slice(j, j + 3))) {
        i = j - 1;
        continue;
      }
      if ((ch === '．' || ch === '｡') && !HAN_RE.test(text[i - 1] ?? '')) {
        i = j - 1;
        continue;
      }
      cut(j);
      i = j - 1;
    } else if (ELLIPSIS.has(ch) || (ch === '.' && text.startsWith('...', i) && HAN_RE.test(text[i - 1] ?? ''))) {
      let j = i;
      while (j < n && (ELLIPSIS.has(text[j]!) || text[j] === '.' || TERMINATORS.has(text[j]!))) j++;
      const after = takeClosers(text, j);
      if (after > j) cut(after);
      else if (!inQuote[i]) cut(j);
      i = after - 1;
    } else if (DASHES.has(ch)) {
      let j = i;
      while (j < n && DASHES.has(text[j]!)) j++;
      const after = takeClosers(text, j);
      if (after > j) cut(after);
      i = after - 1;
    } else if (ch === '.' && (HAN_RE.test(text[i - 1] ?? '') || endsEnglishWord(text, i))) {
      // An ASCII full stop after a Han character or an English word, before Chinese: 第一句.第二句, one. 第二句
      const j = takeClosers(text, i + 1);
      const k = skipSpaces(text, j);
      if (k < n && (HAN_RE.test(text[k]!) || text[k] === '“' || text[k] === '「')) cut(j);
      i = j - 1;
    }
  }
  // English prose: let retext-english find the boundaries inside each Chinese-delimited piece.
  if (ENGLISH_BOUNDARY.test(text)) {
    const pieces = [0, ...[...cuts].sort((a, b) => a - b), n];
    for (let k = 0; k + 1 < pieces.length; k++) {
      const a = pieces[k]!;
      const b = pieces[k + 1]!;
      const piece = text.slice(a, b);
      if (!ENGLISH_BOUNDARY.test(piece)) continue;
      for (const e of englishBoundaries(piece)) {
        const at = a + e;
        if (at <= a || at >= b || locked[at - 1] || inBracket[at - 1]) continue;
        if (!/[.!?"'’”)]/.test(text[at - 1]!)) continue;
        cuts.add(at);
      }
    }
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const ranges: Range[] = [];
  let start = 0;
  for (const c of [...sorted, n]) {
    let s = start;
    let e = c;
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    if (e > s) ranges.push([s, e]);
    start = c;
  }
  return ranges;
}
