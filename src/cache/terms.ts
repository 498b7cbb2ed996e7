import { cmp } from './hash.js';

/**
 * Which of the corpus's discovered terms can change an article's segmentation.
 *
 * The segmenter gets every discovered term as an extra dictionary word. A word changes the tokens of a sentence
 * only where it occurs in it (jieba builds its word graph from the dictionary words that are substrings of the
 * sentence; words with spaces or Latin letters go to a phrase matcher that matches them, spacing aside, where
 * they occur). So an article's segmentation depends on the terms that occur in its Simplified text, and the cache
 * key of a segmented article holds exactly those terms. Matching is done on the text with whitespace removed
 * (terms likewise), a superset of what the segmenter can match: never too few terms, so never a stale result.
 */

/** The text terms are matched against: every sentence's Simplified text, whitespace removed, one per line. */
export function matchText(sentences: Iterable<string>): string {
  const out: string[] = [];
  for (const s of sentences) out.push(squeeze(s));
  return out.join('\n');
}

function squeeze(s: string): string {
  return s.replace(/\s+/g, '');
}

/**
 * A matcher for a list of terms. With few terms each is looked up with `includes`; with many, at each position the
 * substrings of the lengths of the terms starting with that character are looked up in a set. Both give exactly
 * the terms whose squeezed form occurs.
 */
export class TermMatcher {
  private readonly byNorm = new Map<string, string[]>();
  /**
   * Per first code unit: the lengths of the (squeezed) terms that start with it, shortest first, as an index into
   * `lengthLists` (0: none). A table, not a map by character: the text's characters are looked up one by one.
   */
  private readonly firstUnit = new Uint32Array(0x10000);
  private readonly lengthLists: number[][] = [[]];

  constructor(readonly terms: readonly string[]) {
    for (const t of terms) {
      const n = squeeze(t);
      if (!n) continue;
      const l = this.byNorm.get(n);
      if (l) l.push(t);
      else this.byNorm.set(n, [t]);
    }
    for (const k of this.byNorm.keys()) {
      const first = k.charCodeAt(0);
      let at = this.firstUnit[first]!;
      if (at === 0) {
        at = this.lengthLists.length;
        this.lengthLists.push([]);
        this.firstUnit[first] = at;
      }
      const ls = this.lengthLists[at]!;
      if (!ls.includes(k.length)) ls.push(k.length);
    }
    for (const ls of this.lengthLists) ls.sort((a, b) => a - b);
  }

  /** The terms occurring in `text` (a `matchText`), sorted and unique. */
  match(text: string): string[] {
    const found = new Set<string>();
    if (this.byNorm.size <= 48) {
      for (const [n, ts] of this.byNorm) if (text.includes(n)) for (const t of ts) found.add(t);
    } else {
      const seen = new Set<string>();
      for (let i = 0; i < text.length; i++) {
        // (A term's first code unit: terms and text are compared code unit by code unit.)
        const list = this.firstUnit[text.charCodeAt(i)]!;
        if (list === 0) continue;
        for (const len of this.lengthLists[list]!) {
          if (i + len > text.length) break;
          const sub = text.slice(i, i + len);
          if (seen.has(sub)) continue;
          const ts = this.byNorm.get(sub);
          if (ts) {
            seen.add(sub);
            for (const t of ts) found.add(t);
          }
        }
      }
    }
    return [...found].sort(cmp);
  }
}

/**
 * The terms of a new list occurring in a text, given the terms of an old list occurring in it: removed terms drop
 * out, added ones are looked for. Equals `new TermMatcher(newTerms).match(text)`, at the cost of the difference.
 */
export function rematch(oldMatched: readonly string[], newTerms: ReadonlySet<string>, added: TermMatcher, text: () => string): string[] {
  const kept = oldMatched.filter((t) => newTerms.has(t));
  if (added.terms.length === 0) return kept;
  return [...new Set([...kept, ...added.match(text())])].sort(cmp);
}

/** Two sorted lists hold the same strings. */
export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
