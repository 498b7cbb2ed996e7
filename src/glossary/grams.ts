/**
 * The corpus-wide n-gram table of term discovery: every gram interned once (its characters in one buffer), with
 * its count, its document count, the ids of its prefix and suffix (one character shorter), and the
 * branching-entropy sums of its neighbours, in typed arrays. The left and right neighbours of a gram are the grams
 * whose suffix or prefix it is; each gram adds its share to the sums of its prefix and suffix whenever its count
 * changes, so discovery reads the sums instead of passing over every gram.
 *
 * Counts are plain integer sums, so the table does not depend on the order articles are added in, articles can be
 * taken out again, and the table can be saved and loaded (`toColumns` / `GramTable.fromColumns`, typed arrays
 * only: no string per gram): term discovery on a corpus that grew by one article starts from the saved table
 * instead of every article's statistics.
 */

import { CharIndex, keyString, MAX_KEY_LENGTH, type CharKeys } from './string-index.js';

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
/** Whether jieba's dictionary cuts it into a phrase has been computed (FLAG_PHRASE), by discovery, on demand. */
export const FLAG_PHRASE_KNOWN = 32;
export const FLAG_PHRASE = 64;
/**
 * It passes discovery's screen (`refreshScreen`: branching entropy, numerals before it, general words across its
 * edges), a test of its own count and neighbour sums only. Kept up to date for the grams those columns changed
 * for, and saved: discovery over a table loaded and updated by one article re-tests a few thousand grams, not
 * every gram (700K for 2,000 articles).
 */
export const FLAG_SCREENED = 128;

/** Branching-entropy sums are kept in fixed point (integers), so that they do not depend on summation order. */
export const SCALE = 2 ** 20;
/** c·log c in fixed point; small counts from a table (the same values). */
const SMALL = 1 << 12;
let cLogCTable: Float64Array | undefined;
export function cLogC(c: number): number {
  if (c < SMALL) {
    if (!cLogCTable) {
      cLogCTable = new Float64Array(SMALL);
      for (let k = 1; k < SMALL; k++) cLogCTable[k] = Math.round(k * Math.log(k) * SCALE);
    }
    return cLogCTable[c]!;
  }
  return Math.round(c * Math.log(c) * SCALE);
}

/** Math.log(c), from a table for small counts (the same values). */
let logTable: Float64Array | undefined;
export function logOf(c: number): number {
  if (c < SMALL) {
    if (!logTable) {
      logTable = new Float64Array(SMALL);
      for (let k = 0; k < SMALL; k++) logTable[k] = Math.log(k);
    }
    return logTable[c]!;
  }
  return Math.log(c);
}

/** Computes the flags of gram `i` of the table (FLAG_KNOWN is added by the table). */
export type GramFlagger = (i: number) => number;

/** The saved form of a table: the characters, then one value per gram in each column. */
export interface GramColumns {
  chars: Uint16Array;
  len: Uint16Array;
  count: Int32Array;
  docs: Int32Array;
  pre: Int32Array;
  suf: Int32Array;
  flags: Uint8Array;
  leftSum: Float64Array;
  rightSum: Float64Array;
  quantSum: Float64Array;
  crossSum: Float64Array;
}

/** The per-gram columns of a table, in the order they are saved. */
export const GRAM_COLUMNS = ['len', 'count', 'docs', 'pre', 'suf', 'flags', 'leftSum', 'rightSum', 'quantSum', 'crossSum'] as const;

export class GramTable implements CharKeys {
  /** The characters of the grams (a removed gram's stay until `compact`). */
  chars: Uint16Array;
  start: Int32Array;
  /** Length of each gram (0 once removed). */
  len: Uint16Array;
  count: Int32Array;
  docs: Int32Array;
  pre: Int32Array;
  suf: Int32Array;
  flags: Uint8Array;
  /**
   * Of each gram w, over the grams one longer that contain it (its neighbours, up to length `top`): Σ c·log c
   * (fixed point) of those that end with w (left neighbours: xw) and of those that start with it (right: wx);
   * occurrences after a numeral or determiner (xw with FLAG_QUANTIFIED); occurrences whose first or last character
   * makes a general word with the neighbour (xw with FLAG_WORD_START, wx with FLAG_WORD_END: 大量|数据 → 量数据,
   * 语言模|型). A gram adds to them once resolved.
   */
  leftSum: Float64Array;
  rightSum: Float64Array;
  quantSum: Float64Array;
  crossSum: Float64Array;
  /** Characters in use. */
  private used = 0;
  private n = 0;
  private index: CharIndex;
  /** Ids removed (count 0); reclaimed by `compact`. */
  private dead = 0;
  /** Ids below this are resolved (new grams are appended, so the ones to resolve are at the end). */
  private resolved = 0;
  /** Ids whose FLAG_SCREENED may be stale (count or neighbour sums changed), unless every id may be (`allDirty`). */
  private dirty: number[] = [];
  private allDirty = true;

  /** `top`: the longest gram that is a neighbour (the longest term length plus one). */
  constructor(
    readonly top: number,
    capacity = 1024,
    charCapacity = capacity * 4,
  ) {
    this.chars = new Uint16Array(charCapacity);
    this.start = new Int32Array(capacity);
    this.len = new Uint16Array(capacity);
    this.count = new Int32Array(capacity);
    this.docs = new Int32Array(capacity);
    this.pre = new Int32Array(capacity);
    this.suf = new Int32Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.leftSum = new Float64Array(capacity);
    this.rightSum = new Float64Array(capacity);
    this.quantSum = new Float64Array(capacity);
    this.crossSum = new Float64Array(capacity);
    this.index = new CharIndex(this);
  }

  /** Grams held. */
  get size(): number {
    return this.index.size;
  }

  /** Ids in use, removed ones included (iterate 0 .. length and skip count 0). */
  get length(): number {
    return this.n;
  }

  /** The gram of an id that is not removed. */
  gram(i: number): string {
    return keyString(this, i);
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

  /**
   * The counts of the parts of gram `i`: `prefix[k]` of its first k characters, `suffix[k]` of its last k
   * (0 < k < its length), found by following prefix and suffix ids; by lookup where an id on the way was not
   * resolved (pruned) or has been removed.
   */
  partCounts(i: number, prefix: Int32Array, suffix: Int32Array): void {
    const l = this.len[i]!;
    const at = this.start[i]!;
    let p = i;
    let s = i;
    for (let k = l - 1; k > 0; k--) {
      p = p >= 0 ? this.pre[p]! : NONE;
      s = s >= 0 ? this.suf[s]! : NONE;
      prefix[k] = p >= 0 && this.count[p]! > 0 ? this.count[p]! : this.countAt(at, k);
      suffix[k] = s >= 0 && this.count[s]! > 0 ? this.count[s]! : this.countAt(at + l - k, k);
    }
  }

  /** The count of the gram `chars[at .. at + k)`. */
  private countAt(at: number, k: number): number {
    const j = this.index.getChars(this.chars, at, k);
    return j === undefined ? 0 : this.count[j]!;
  }

  /**
   * Add `c` occurrences (and `doc` documents) of the gram `buf[from .. from + n)` (n > 0); negative values take
   * them out.
   */
  add(buf: Uint16Array, from: number, n: number, c: number, doc: number): void {
    let i = this.index.getChars(buf, from, n);
    if (i === undefined) {
      if (c <= 0) return;
      if (n > MAX_KEY_LENGTH) throw new Error('n-gram table: gram too long');
      i = this.n;
      if (i === this.count.length) this.grow();
      if (this.used + n > this.chars.length) this.growChars(this.used + n);
      const at = this.used;
      for (let k = 0; k < n; k++) this.chars[at + k] = buf[from + k]!;
      this.used += n;
      this.start[i] = at;
      this.len[i] = n;
      // Indexed before it is counted in `length`: growing the index re-inserts ids below `length`.
      this.index.add(i);
      this.n++;
      this.pre[i] = n > 1 ? UNRESOLVED : NONE;
      this.suf[i] = n > 1 ? UNRESOLVED : NONE;
      this.flags[i] = 0;
      this.count[i] = c;
      this.docs[i] = doc;
      this.leftSum[i] = this.rightSum[i] = this.quantSum[i] = this.crossSum[i] = 0;
      this.touch(i);
      return;
    }
    const old = this.count[i]!;
    const known = (this.flags[i]! & FLAG_KNOWN) !== 0;
    if (known) this.contribute(i, old, -1);
    const now = old + c;
    this.count[i] = now;
    this.touch(i);
    this.docs[i]! += doc;
    if (now <= 0) this.drop(i);
    else if (known) this.contribute(i, now, 1);
  }

  /** Add (sign 1) or take out (-1) the share of gram `i` with count `c` in its prefix's and suffix's sums. */
  private contribute(i: number, c: number, sign: 1 | -1): void {
    const l = this.len[i]!;
    if (l < 3 || l > this.top) return;
    const cl = sign * cLogC(c);
    const f = this.flags[i]!;
    const right = this.pre[i]!;
    const left = this.suf[i]!;
    if (right >= 0) {
      this.rightSum[right] += cl;
      if (f & FLAG_WORD_END) this.crossSum[right] += sign * c;
      this.touch(right);
    }
    if (left >= 0) {
      this.leftSum[left] += cl;
      this.touch(left);
      if (f & FLAG_QUANTIFIED) this.quantSum[left] += sign * c;
      if (f & FLAG_WORD_START) this.crossSum[left] += sign * c;
    }
  }

  /** Gram `i`'s FLAG_SCREENED may be stale. (Past a quarter of the ids, every id is re-tested.) */
  private touch(i: number): void {
    if (this.allDirty) return;
    this.dirty.push(i);
    if (this.dirty.length > this.n >> 2) {
      this.allDirty = true;
      this.dirty = [];
    }
  }

  /**
   * Bring FLAG_SCREENED up to date: `passes` tests one gram (a function of its count and neighbour sums only, the
   * same for the life of the table: its options are part of the saved state's key).
   */
  refreshScreen(passes: (i: number) => boolean): void {
    const f = this.flags;
    const test = (i: number) => {
      if (this.count[i]! > 0 && passes(i)) f[i] = f[i]! | FLAG_SCREENED;
      else f[i] = f[i]! & ~FLAG_SCREENED;
    };
    if (this.allDirty) for (let i = 0; i < this.n; i++) test(i);
    else for (const i of this.dirty) test(i);
    this.dirty = [];
    this.allDirty = false;
  }

  /** Remove every gram of length > 1 whose count is at most `t` (lossy counting). */
  pruneAtMost(t: number): void {
    for (let i = 0; i < this.n; i++) {
      const c = this.count[i]!;
      if (c > 0 && c <= t && this.len[i]! > 1) {
        if (this.flags[i]! & FLAG_KNOWN) this.contribute(i, c, -1);
        this.drop(i);
      }
    }
    this.compact();
  }

  /** Take gram `i` out (its share in the sums already taken out). */
  private drop(i: number): void {
    // A gram's prefix and suffix occur at least as often as it does, so no live gram refers to one dropped here.
    this.index.removed();
    this.len[i] = 0;
    this.count[i] = 0;
    this.docs[i] = 0;
    this.dead++;
  }

  private grow(): void {
    const cap = this.count.length;
    this.resize(cap + Math.max(1024, cap >> 1));
  }

  private growChars(need: number): void {
    const c = new Uint16Array(Math.max(need, this.chars.length + Math.max(4096, this.chars.length >> 1)));
    c.set(this.chars.subarray(0, this.used));
    this.chars = c;
  }

  private resize(cap: number): void {
    const copy = <T extends Int32Array | Uint16Array | Uint8Array | Float64Array>(a: T, make: new (n: number) => T): T => {
      const b = new make(cap);
      b.set(a.subarray(0, Math.min(this.n, cap)) as ArrayLike<number>);
      return b;
    };
    this.start = copy(this.start, Int32Array);
    this.len = copy(this.len, Uint16Array);
    this.count = copy(this.count, Int32Array);
    this.docs = copy(this.docs, Int32Array);
    this.pre = copy(this.pre, Int32Array);
    this.suf = copy(this.suf, Int32Array);
    this.flags = copy(this.flags, Uint8Array);
    this.leftSum = copy(this.leftSum, Float64Array);
    this.rightSum = copy(this.rightSum, Float64Array);
    this.quantSum = copy(this.quantSum, Float64Array);
    this.crossSum = copy(this.crossSum, Float64Array);
  }

  /**
   * Look up the prefix and suffix ids, and compute the flags, of grams added since the last call (call it after
   * whole articles: a gram's prefix and suffix come from the same article); they then add to their prefix's and
   * suffix's sums.
   */
  resolve(flagger: GramFlagger): void {
    for (let i = this.resolved; i < this.n; i++) {
      if (this.flags[i]! & FLAG_KNOWN || this.count[i] === 0) continue;
      if (this.pre[i] === UNRESOLVED) {
        const at = this.start[i]!;
        const l = this.len[i]! - 1;
        this.pre[i] = this.index.getChars(this.chars, at, l) ?? NONE;
        this.suf[i] = this.index.getChars(this.chars, at + 1, l) ?? NONE;
      }
      this.flags[i] = flagger(i) | FLAG_KNOWN;
      this.contribute(i, this.count[i]!, 1);
    }
    this.resolved = this.n;
  }

  /** Reclaim the ids and characters of removed grams (ids change; prefix and suffix ids follow). */
  compact(): void {
    if (this.dead === 0) return;
    const n0 = this.n;
    const map = new Int32Array(n0).fill(NONE);
    let n = 0;
    let nc = 0;
    for (let i = 0; i < n0; i++) {
      if (this.count[i]! > 0) {
        map[i] = n++;
        nc += this.len[i]!;
      }
    }
    const old = { ...this.columnsOf(n0), start: this.start };
    const t = new GramTable(this.top, Math.max(1024, n), nc + Math.max(4096, nc >> 3));
    const chars = t.chars;
    const remap = (x: number) => (x < 0 ? x : map[x]!);
    let at = 0;
    for (let i = 0; i < n0; i++) {
      const j = map[i]!;
      if (j < 0) continue;
      const l = old.len[i]!;
      const from = old.start[i]!;
      for (let k = 0; k < l; k++) chars[at + k] = old.chars[from + k]!;
      t.start[j] = at;
      at += l;
      t.len[j] = l;
      t.count[j] = old.count[i]!;
      t.docs[j] = old.docs[i]!;
      t.pre[j] = remap(old.pre[i]!);
      t.suf[j] = remap(old.suf[i]!);
      t.flags[j] = old.flags[i]!;
      t.leftSum[j] = old.leftSum[i]!;
      t.rightSum[j] = old.rightSum[i]!;
      t.quantSum[j] = old.quantSum[i]!;
      t.crossSum[j] = old.crossSum[i]!;
    }
    this.adopt(t, nc, n);
    this.index.reset(this);
    this.dead = 0;
    // (Stale flags moved with their grams: re-test every id.)
    if (this.dirty.length) {
      this.allDirty = true;
      this.dirty = [];
    }
    let r = 0;
    while (r < n && this.flags[r]! & FLAG_KNOWN) r++;
    this.resolved = r;
  }

  /** Take the arrays of `t`, a table or saved columns (ids and characters are in use up to n and nc). */
  private adopt(t: GramColumns & { start: Int32Array }, nc: number, n: number): void {
    this.chars = t.chars;
    this.start = t.start;
    this.len = t.len;
    this.count = t.count;
    this.docs = t.docs;
    this.pre = t.pre;
    this.suf = t.suf;
    this.flags = t.flags;
    this.leftSum = t.leftSum;
    this.rightSum = t.rightSum;
    this.quantSum = t.quantSum;
    this.crossSum = t.crossSum;
    this.used = nc;
    this.n = n;
  }

  private columnsOf(n: number, nc = this.used): GramColumns {
    return {
      chars: this.chars.subarray(0, nc),
      len: this.len.subarray(0, n),
      count: this.count.subarray(0, n),
      docs: this.docs.subarray(0, n),
      pre: this.pre.subarray(0, n),
      suf: this.suf.subarray(0, n),
      flags: this.flags.subarray(0, n),
      leftSum: this.leftSum.subarray(0, n),
      rightSum: this.rightSum.subarray(0, n),
      quantSum: this.quantSum.subarray(0, n),
      crossSum: this.crossSum.subarray(0, n),
    };
  }

  /**
   * The table as columns (views), compacted, resolved and screened, to save: the characters of the grams in id
   * order with no gap, the per-gram columns, and the hash index's slots; the columns hold `grams` ids and `chars`
   * characters, then room for more (zeros), so that a table loaded from them (`fromColumns`) uses them in place.
   */
  toColumns(flagger: GramFlagger, passes: (i: number) => boolean): { columns: GramColumns; slots: Int32Array; grams: number; chars: number } {
    this.compact();
    this.resolve(flagger);
    this.refreshScreen(passes);
    // (Ids from n on, and characters from `used` on, are zeros: only `add` writes them, as it takes them.)
    const cap = this.n + Math.max(1024, this.n >> 3);
    const charCap = this.used + Math.max(4096, this.used >> 3);
    if (this.count.length < cap) this.resize(cap);
    if (this.chars.length < charCap) this.growChars(charCap);
    return { columns: this.columnsOf(cap, charCap), slots: this.index.table, grams: this.n, chars: this.used };
  }

  /**
   * A table of `grams` ids and `chars` characters from the columns `toColumns` gave, with the same `top`. The
   * columns and slots are used in place (they become the table's: nothing else may use them). Throws when they
   * do not describe a compacted, resolved table (a damaged file).
   */
  static fromColumns(top: number, c: GramColumns, slots: Int32Array, grams: number, chars: number): GramTable {
    const cap = c.len.length;
    for (const k of GRAM_COLUMNS) if (c[k].length !== cap) throw new Error('n-gram table: a column has the wrong length');
    if (!Number.isInteger(grams) || !Number.isInteger(chars) || grams < 0 || grams > cap || chars < 0 || chars > c.chars.length) throw new Error('n-gram table: wrong size');
    const t = new GramTable(top, 0, 0);
    const start = new Int32Array(cap);
    const { len, count, pre, suf, flags } = c;
    let at = 0;
    for (let i = 0; i < grams; i++) {
      const l = len[i]!;
      const p = pre[i]!;
      const s = suf[i]!;
      if (l === 0 || count[i]! <= 0 || !(flags[i]! & FLAG_KNOWN) || p < NONE || p >= grams || s < NONE || s >= grams) {
        throw new Error('n-gram table: damaged');
      }
      start[i] = at;
      at += l;
    }
    if (at !== chars) throw new Error('n-gram table: wrong number of characters');
    t.adopt({ ...c, start }, chars, grams);
    t.resolved = grams;
    // (Saved with FLAG_SCREENED up to date: toColumns.)
    t.allDirty = false;
    // The saved slots are checked to hold every id once: a lookup then finds a gram or reports it absent.
    t.index = new CharIndex(t, slots);
    return t;
  }
}
