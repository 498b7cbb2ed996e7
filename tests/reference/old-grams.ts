// A frozen copy of src/glossary/grams.ts before the n-gram table kept its characters in one buffer and its
// branching-entropy sums up to date (commit dfcca93): tests/discovery-state.test.ts checks that the current
// implementation discovers exactly what this one does. Not used by qingxi itself.

/**
 * The corpus-wide n-gram table of term discovery: every gram interned once, with its count, its document count,
 * and the ids of its prefix and suffix (one character shorter), in typed arrays. Branching entropy then needs no
 * string work: the left and right neighbours of a gram are the grams whose suffix or prefix it is.
 *
 * Counts are plain integer sums, so the table does not depend on the order articles are added in, articles can be
 * taken out again, and the table can be saved and loaded (`columns` / `GramTable.fromColumns`): term discovery on
 * a corpus that grew by one article starts from the saved table instead of every article's statistics.
 */

/** A prefix or suffix not looked up yet (ids of new grams are resolved before the table is read). */
const UNRESOLVED = -2;
/** No prefix or suffix (a single character). */
const NONE = -1;

/**
 * Facts about a gram's own characters that branching entropy needs for every gram, computed once per gram (when it
 * is first resolved) and saved with the table: looking them up in jieba's dictionary on every discovery cost
 * more than the rest of it.
 */
export const FLAG_KNOWN = 1;
/** Its first two characters are a general word. */
export const FLAG_WORD_START = 2;
/** Its last two characters are a general word. */
export const FLAG_WORD_END = 4;
/** Its first character is a numeral or determiner. */
export const FLAG_QUANTIFIED = 8;
/** Never a term (stopword, banned, a fragment, not Han): fixed by the options the table was counted with. */
export const FLAG_EXCLUDED = 16;

import { StringIndex } from './old-string-index.js';

/** Computes the flags of a gram (FLAG_KNOWN is added by the table). */
export type GramFlagger = (gram: string) => number;

export class GramTable {
  /** The gram of each id ('' once removed). */
  grams: string[] = [];
  private readonly index = new StringIndex(this.grams);
  count: Int32Array;
  docs: Int32Array;
  pre: Int32Array;
  suf: Int32Array;
  flags: Uint8Array;
  /** Ids removed (count 0); reclaimed by `compact`. */
  private dead = 0;
  /** Ids below this are resolved (new grams are appended, so the ones to resolve are at the end). */
  private resolved = 0;

  constructor(capacity = 1024) {
    this.count = new Int32Array(capacity);
    this.docs = new Int32Array(capacity);
    this.pre = new Int32Array(capacity);
    this.suf = new Int32Array(capacity);
    this.flags = new Uint8Array(capacity);
  }

  /** Grams held. */
  get size(): number {
    return this.index.size;
  }

  /** Ids in use, removed ones included (iterate 0 .. length and skip count 0). */
  get length(): number {
    return this.grams.length;
  }

  id(g: string): number | undefined {
    return this.index.get(g);
  }

  countOf(g: string): number {
    const i = this.index.get(g);
    return i === undefined ? 0 : this.count[i]!;
  }

  docsOf(g: string): number {
    const i = this.index.get(g);
    return i === undefined ? 0 : this.docs[i]!;
  }

  /** Add `c` occurrences (and `doc` documents) of `g`; negative values take them out. */
  add(g: string, c: number, doc: number): void {
    let i = this.index.get(g);
    if (i === undefined) {
      if (c <= 0) return;
      i = this.grams.length;
      if (i === this.count.length) this.grow();
      this.index.add(g, i);
      this.grams.push(g);
      this.pre[i] = g.length > 1 ? UNRESOLVED : NONE;
      this.suf[i] = g.length > 1 ? UNRESOLVED : NONE;
      this.flags[i] = 0;
    }
    this.count[i]! += c;
    this.docs[i]! += doc;
    if (this.count[i]! <= 0) this.drop(i);
  }

  /** Remove every gram of length > 1 whose count is at most `t` (lossy counting). */
  pruneAtMost(t: number): void {
    for (let i = 0; i < this.grams.length; i++) {
      if (this.count[i]! > 0 && this.count[i]! <= t && this.grams[i]!.length > 1) this.drop(i);
    }
    this.compact();
  }

  private drop(i: number): void {
    // A gram's prefix and suffix occur at least as often as it does, so no live gram refers to one dropped here.
    this.index.removed();
    this.grams[i] = '';
    this.count[i] = 0;
    this.docs[i] = 0;
    this.dead++;
  }

  private grow(): void {
    const n = this.count.length * 2;
    const g = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.count = g(this.count);
    this.docs = g(this.docs);
    this.pre = g(this.pre);
    this.suf = g(this.suf);
    const f = new Uint8Array(n);
    f.set(this.flags);
    this.flags = f;
  }

  /**
   * Look up the prefix and suffix ids, and compute the flags, of grams added since the last call (call it after
   * whole articles: a gram's prefix and suffix come from the same article).
   */
  resolve(flagger: GramFlagger): void {
    for (let i = this.resolved; i < this.grams.length; i++) {
      if (this.flags[i]! & FLAG_KNOWN || this.count[i] === 0) continue;
      const g = this.grams[i]!;
      if (this.pre[i] === UNRESOLVED) {
        this.pre[i] = this.index.get(g.slice(0, -1)) ?? NONE;
        this.suf[i] = this.index.get(g.slice(1)) ?? NONE;
      }
      this.flags[i] = flagger(g) | FLAG_KNOWN;
    }
    this.resolved = this.grams.length;
  }

  /** Reclaim the ids of removed grams (ids change; prefix and suffix ids follow). */
  compact(): void {
    if (this.dead === 0) return;
    const map = new Int32Array(this.grams.length).fill(NONE);
    let n = 0;
    for (let i = 0; i < this.grams.length; i++) if (this.count[i]! > 0) map[i] = n++;
    const grams: string[] = new Array(n);
    const cap = Math.max(1024, n);
    const count = new Int32Array(cap);
    const docs = new Int32Array(cap);
    const pre = new Int32Array(cap);
    const suf = new Int32Array(cap);
    const flags = new Uint8Array(cap);
    const remap = (x: number) => (x < 0 ? x : map[x]!);
    for (let i = 0; i < this.grams.length; i++) {
      const j = map[i]!;
      if (j < 0) continue;
      grams[j] = this.grams[i]!;
      count[j] = this.count[i]!;
      docs[j] = this.docs[i]!;
      pre[j] = remap(this.pre[i]!);
      suf[j] = remap(this.suf[i]!);
      flags[j] = this.flags[i]!;
    }
    Object.assign(this, { grams, count, docs, pre, suf, flags });
    this.index.reset(grams);
    this.dead = 0;
    let r = 0;
    while (r < n && flags[r]! & FLAG_KNOWN) r++;
    this.resolved = r;
  }

  /** The table as columns for `pack` (packed.ts), compacted and resolved: grams, [count, docs, pre, suf], [flags]. */
  columns(flagger: GramFlagger): { strings: string[]; int32: Int32Array[]; uint8: Uint8Array[] } {
    this.compact();
    this.resolve(flagger);
    const n = this.grams.length;
    return {
      strings: this.grams,
      int32: [this.count, this.docs, this.pre, this.suf].map((c) => c.subarray(0, n)),
      uint8: [this.flags.subarray(0, n)],
    };
  }

  /** A table from the columns `columns` gave. */
  static fromColumns(grams: string[], [count, docs, pre, suf]: Int32Array[], [flags]: Uint8Array[]): GramTable {
    const n = grams.length;
    const t = new GramTable(Math.max(1024, n));
    t.grams = grams;
    t.count.set(count!);
    t.docs.set(docs!);
    t.pre.set(pre!);
    t.suf.set(suf!);
    t.flags.set(flags!);
    t.index.reset(grams);
    t.resolved = n;
    return t;
  }
}
