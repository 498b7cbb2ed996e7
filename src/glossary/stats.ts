import { isHanCode, KANA } from './lexicon.js';
import { findPairs } from './pairs.js';
import { FNV_PRIME, FNV_START } from './string-index.js';
import type { ArticleTermStats, PreparedRecord } from './types.js';

/** Longest term statistics can discover; n-grams are counted one longer, for the neighbours. */
export const STATS_MAX_LENGTH = 6;

/** Sentences whose Simplified text is evidence for Chinese terms (Japanese sentences with kana are not). */
export function* chineseSentences(rec: PreparedRecord) {
  for (const p of rec.paragraphs) for (const s of p.sentences) if (!KANA.test(s.text)) yield s;
}

/** Grams of an article's statistics as strings, in their order (for tests and reference implementations). */
export function statsGrams(s: ArticleTermStats): string[] {
  const out: string[] = [];
  let at = 0;
  for (const n of s.lengths) {
    out.push(String.fromCharCode(...s.gramChars.subarray(at, at + n)));
    at += n;
  }
  return out;
}

const EMPTY = -1;

/**
 * Counts of the character n-grams of Han runs, without a string per n-gram: the runs' characters go into one
 * buffer, an n-gram is a place in it, and an open-addressing table finds it by its characters (hashed
 * incrementally: the hash of an n-gram extends the hash of its prefix, string-index.ts's FNV-1a). (Not a
 * CharIndex over those places, which hashes each n-gram from its start and compares characters on every probe: the
 * worker's statistics took 25-45% longer with it, replaying the bench corpus.)
 */
class GramCounter {
  private text = new Uint16Array(1 << 12);
  private used = 0;
  /** Gram i: text[at[i] .. at[i] + len[i]), counted count[i] times. Ids in order of first occurrence. */
  private at = new Int32Array(1 << 10);
  private len = new Uint8Array(1 << 10);
  private count = new Int32Array(1 << 10);
  private n = 0;
  private slots = new Int32Array(1 << 11).fill(EMPTY);
  private hashes = new Int32Array(1 << 10);
  chars = 0;

  /** Count the n-grams (n = 1 .. maxN) of the Han run `s[from .. to)`. */
  addRun(s: string, from: number, to: number, maxN: number): void {
    const runLen = to - from;
    this.chars += runLen;
    if (this.used + runLen > this.text.length) {
      const t = new Uint16Array(Math.max(this.text.length * 2, this.used + runLen));
      t.set(this.text.subarray(0, this.used));
      this.text = t;
    }
    const base = this.used;
    const text = this.text;
    for (let i = 0; i < runLen; i++) text[base + i] = s.charCodeAt(from + i);
    this.used += runLen;
    for (let i = 0; i < runLen; i++) {
      const top = Math.min(maxN, runLen - i);
      let h = FNV_START;
      for (let n = 1; n <= top; n++) {
        h = Math.imul(h ^ text[base + i + n - 1]!, FNV_PRIME);
        this.count1(base + i, n, h | 0);
      }
    }
  }

  /** One more occurrence of the gram text[at .. at + n) with hash h. */
  private count1(at: number, n: number, h: number): void {
    const { slots, text } = this;
    const mask = slots.length - 1;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const id = slots[s]!;
      if (id === EMPTY) {
        this.insert(s, at, n, h);
        return;
      }
      if (this.hashes[id] !== h || this.len[id] !== n) continue;
      const a = this.at[id]!;
      let k = 0;
      while (k < n && text[a + k] === text[at + k]) k++;
      if (k === n) {
        this.count[id]!++;
        return;
      }
    }
  }

  private insert(slot: number, at: number, n: number, h: number): void {
    const id = this.n++;
    if (id === this.at.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T, make: (k: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.at = grow(this.at, (k) => new Int32Array(k));
      this.len = grow(this.len, (k) => new Uint8Array(k));
      this.count = grow(this.count, (k) => new Int32Array(k));
      this.hashes = grow(this.hashes, (k) => new Int32Array(k));
    }
    this.at[id] = at;
    this.len[id] = n;
    this.count[id] = 1;
    this.hashes[id] = h;
    this.slots[slot] = id;
    if (this.n * 2 > this.slots.length) this.rehash();
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(EMPTY);
    const mask = slots.length - 1;
    for (let id = 0; id < this.n; id++) {
      let s = this.hashes[id]! & mask;
      while (slots[s] !== EMPTY) s = (s + 1) & mask;
      slots[s] = id;
    }
    this.slots = slots;
  }

  /** The grams' characters, lengths and counts, in order of first occurrence (exact-size arrays). */
  result(): Pick<ArticleTermStats, 'gramChars' | 'lengths' | 'counts'> {
    const lengths = this.len.slice(0, this.n);
    let total = 0;
    for (const l of lengths) total += l;
    const gramChars = new Uint16Array(total);
    let w = 0;
    const { text, at } = this;
    for (let id = 0; id < this.n; id++) {
      for (let a = at[id]!, end = a + lengths[id]!; a < end; a++) gramChars[w++] = text[a]!;
    }
    return { gramChars, lengths, counts: this.count.slice(0, this.n) };
  }
}

/**
 * Per-article statistics for term discovery, from the Simplified sentences before segmentation: counts of every
 * character n-gram (n = 1 .. STATS_MAX_LENGTH + 1) inside Han runs, and the Chinese terms that bilingual
 * statements delimit exactly. Runs in a worker; the result is typed arrays (they cross to the main thread as
 * bytes, and the main thread's n-gram table reads them with no string per gram), in text order (deterministic).
 */
export function termStatsOf(rec: PreparedRecord): ArticleTermStats {
  const grams = new GramCounter();
  const pairTerms = new Map<string, number>();
  const maxN = STATS_MAX_LENGTH + 1;
  for (const { text } of chineseSentences(rec)) {
    let start = -1;
    for (let i = 0; i <= text.length; i++) {
      const han = i < text.length && isHanCode(text.charCodeAt(i));
      if (han && start < 0) start = i;
      else if (!han && start >= 0) {
        grams.addRun(text, start, i, maxN);
        start = -1;
      }
    }
    for (const p of findPairs(text).pairs) {
      if (p.zh) pairTerms.set(p.zh.text, (pairTerms.get(p.zh.text) ?? 0) + 1);
    }
  }
  return { chars: grams.chars, ...grams.result(), pairTerms: [...pairTerms] };
}
