import type { Root } from 'nlcst';
import retextEnglish from 'retext-english';
import { unified } from 'unified';
import { CLOSERS } from './chars.js';
import { protectedInterior } from './protect.js';

/** A sentence as a [start, end) range of code units of the paragraph text. */
export type Range = [number, number];

const TERMINATORS = new Set(['。', '！', '？', '!', '?', '；', '…', '｡']);
const CLOSER_SET = new Set(CLOSERS.split(''));
const BRACKETS: Record<string, string> = { '（': '）', '(': ')', '【': '】', '[': ']', '〔': '〕', '《': '》' };
/** How far a bracket may reach and still hold its content together. */
const BRACKET_REACH = 300;

/** retext-english's parser (parse-english): knows abbreviations, initials and decimals. */
const english = unified().use(retextEnglish).freeze();

/** Depth of bracketing at each position: splits never happen inside a bracket pair that closes in reach. */
function bracketMask(text: string): Uint8Array {
  const mask = new Uint8Array(text.length);
  const stack: { ch: string; at: number }[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch in BRACKETS) stack.push({ ch, at: i });
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

/**
 * Split a paragraph into sentences. Chinese sentences end at 。！？!?；… (a run of them counts as one), with the
 * closing quotes and brackets that follow kept in the sentence. Runs of English prose are split by retext-english.
 * Never splits inside numbers, URLs, versions or Latin terms, nor inside a bracket pair.
 */
export function splitSentences(text: string): Range[] {
  const n = text.length;
  const locked = protectedInterior(text);
  const inBracket = bracketMask(text);
  const cuts = new Set<number>();
  for (let i = 0; i < n; i++) {
    const ch = text[i]!;
    if (!TERMINATORS.has(ch) || locked[i] || inBracket[i]) continue;
    let j = i + 1;
    while (j < n && (TERMINATORS.has(text[j]!) || text[j] === '.')) j++;
    while (j < n && CLOSER_SET.has(text[j]!)) j++;
    // ASCII ! and ? end a sentence in Chinese context only (English is left to retext-english).
    if ((ch === '!' || ch === '?') && /[A-Za-z0-9]/.test(text[i - 1] ?? '') && /^\s*[A-Za-z]/.test(text.slice(j, j + 3))) {
      i = j - 1;
      continue;
    }
    // A closing quote followed by a speech verb or a comma continues the sentence: “……。”他说。 is split after ”.
    if (j < n) cuts.add(j);
    i = j - 1;
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
