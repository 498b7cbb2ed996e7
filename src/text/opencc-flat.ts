import * as OpenCC from 'opencc-js';
import { loadTrie, saveTrie, trieFile } from './trie-cache.js';

/**
 * opencc-js 1.4's built-in converters, run from flat tables instead of its trie of nested `Map`s: the same
 * dictionaries, read in the same order, and the same matching, several times faster.
 *
 * What opencc-js does (dist/esm/full.js, `Converter` for a configuration such as hk2s): each normalisation group,
 * then each conversion group, is one trie; a group's earlier dictionary wins over a later one, and a later entry
 * of one dictionary over an earlier one. A trie converts a text left to right: at each position the longest key
 * starting there is replaced by its value and the position moves past the key; with no key, the position moves by
 * one code point, or over a whole ideographic description sequence (⿰ and its operands). With a segmentation
 * dictionary, the normalised text is first cut into segments (each longest match of a segmentation key, and the
 * runs between them) and every conversion group converts each segment on its own, so no match crosses a cut.
 *
 * Here each trie walks UTF-16 code units (a direct table for the first, a hash table for the rest). That is the
 * same as walking code points because every key is well-formed UTF-16 (checked when building): a key can
 * neither start at a low surrogate nor end between the two halves of a pair. Texts holding an ideographic
 * description character are left to opencc-js (see `flatConverter`), so positions move by code units.
 */

/** One opencc-js dictionary (a `key value|...` string, or pairs), a group of them (one trie), a configuration. */
export type Dict = string | readonly (readonly [string, string])[];
type Group = readonly Dict[];
export interface Config {
  normalizationChain?: readonly Group[];
  segmentation?: Dict | Group;
  conversionChain: readonly Group[];
}

/** Ideographic description characters (U+2FF0-U+2FFF): opencc-js steps over one together with its operands. */
const IDC = /[\u2FF0-\u2FFF]/;

/** Whether a string is well-formed UTF-16 (every surrogate in a pair). */
function wellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c >= 0xdc00) return false;
    const d = s.charCodeAt(i + 1);
    if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
    i++;
  }
  return true;
}

/** A dictionary's entries in opencc-js's order, or undefined when opencc-js would reject it. */
export function entriesOf(dict: Dict): (readonly [string, string])[] | undefined {
  if (typeof dict === 'string') {
    const out: [string, string][] = [];
    for (const e of dict.split('|')) {
      const [k, v] = e.split(' ');
      if (k === undefined || v === undefined) return undefined;
      out.push([k, v]);
    }
    return out;
  }
  if (!Array.isArray(dict)) return undefined;
  for (const e of dict) if (!Array.isArray(e) || typeof e[0] !== 'string' || typeof e[1] !== 'string') return undefined;
  return dict.map((e) => [e[0], e[1]] as const);
}

/** Whether `d` is one dictionary as opencc-js's ConverterFactory reads it (a `k v|...` string, or pairs). */
function isDict(d: unknown): d is Dict {
  if (typeof d === 'string') return d === '' || d.includes(' ');
  return Array.isArray(d) && d.every((e) => Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'string');
}

/** Output of a pass: UTF-16 code units, grown on demand. */
class Buf {
  a = new Uint16Array(1024);
  n = 0;

  reserve(extra: number): void {
    if (this.n + extra <= this.a.length) return;
    let size = this.a.length * 2;
    while (size < this.n + extra) size *= 2;
    const b = new Uint16Array(size);
    b.set(this.a.subarray(0, this.n));
    this.a = b;
  }
}

/** The arrays a FlatTrie is made of (see its fields), as `parts` gives them and the constructor takes them. */
export interface TrieParts {
  first: Int32Array;
  edges: Int32Array;
  valOff: Int32Array;
  valLen: Int32Array;
  changes: Uint8Array;
  inner: Uint8Array;
  pool: Uint16Array;
}

/** One opencc-js trie (a dictionary group) as flat tables over UTF-16 code units. */
export class FlatTrie {
  /** Node reached from the root by each code unit (0: none; the root is node 0 and is nobody's child). */
  private readonly first: Int32Array;
  /**
   * Hash table of the other edges, three numbers a slot (one cache line): parent node, code unit, child node
   * (child 0: empty slot).
   */
  private readonly edges: Int32Array;
  private readonly mask: number;
  /** Per node: the value's offset in `pool` and its length, -1 when no key ends here. */
  private readonly valOff: Int32Array;
  private readonly valLen: Int32Array;
  /** Per node: 1 when a key ends here and its value differs from it. */
  private readonly changes: Uint8Array;
  /** Per node: 1 when it has children. */
  private readonly inner: Uint8Array;
  private readonly pool: Uint16Array;

  /**
   * A trie from its arrays (`parts` of a trie built by `build`, e.g. read back from a file). Throws when they do
   * not make a trie a conversion can walk: sizes that do not fit together, a node or value out of range, or an
   * edge table with no empty slot (a lookup would never end). (A few milliseconds for the largest trie.)
   */
  constructor(parts: TrieParts) {
    const { first, edges, valOff, valLen, changes, inner, pool } = parts;
    const slots = edges.length / 3;
    const nodes = valOff.length;
    const fail = (why: string): never => {
      throw new Error(`opencc trie: ${why}`);
    };
    if (first.length !== 0x10000 || !Number.isInteger(slots) || slots < 1 || (slots & (slots - 1)) !== 0 || valLen.length !== nodes || changes.length !== nodes || inner.length !== nodes || nodes < 1) {
      fail('arrays of the wrong sizes');
    }
    for (let u = 0; u < 0x10000; u++) if (first[u]! < 0 || first[u]! >= nodes) fail('a node out of range');
    let empty = 0;
    for (let h = 0; h < slots; h++) {
      const child = edges[h * 3 + 2]!;
      if (child === 0) empty++;
      else if (child < 0 || child >= nodes || edges[h * 3]! < 0 || edges[h * 3]! >= nodes) fail('a node out of range');
    }
    if (empty === 0) fail('no empty slot in the edge table');
    for (let i = 0; i < nodes; i++) {
      const len = valLen[i]!;
      if (len < -1 || (len >= 0 && (valOff[i]! < 0 || valOff[i]! + len > pool.length))) fail('a value out of range');
    }
    this.first = first;
    this.edges = edges;
    this.mask = slots - 1;
    this.valOff = valOff;
    this.valLen = valLen;
    this.changes = changes;
    this.inner = inner;
    this.pool = pool;
  }

  /** The trie's arrays (its own, not copies). */
  parts(): TrieParts {
    const { first, edges, valOff, valLen, changes, inner, pool } = this;
    return { first, edges, valOff, valLen, changes, inner, pool };
  }

  /** Build from `[key, value]` pairs in insertion order (a later pair with the same key wins, as in opencc-js). */
  static build(pairs: Iterable<readonly [string, string]>): FlatTrie {
    const merged = new Map<string, string>();
    for (const [k, v] of pairs) merged.set(k, v);
    let units = 1;
    let poolSize = 0;
    for (const [k, v] of merged) {
      units += k.length;
      poolSize += v.length;
    }
    let size = 1024;
    while (size < units * 2) size *= 2;
    const trie = new FlatTrie({
      first: new Int32Array(0x10000),
      edges: new Int32Array(size * 3),
      valOff: new Int32Array(units).fill(-1),
      valLen: new Int32Array(units).fill(-1),
      changes: new Uint8Array(units),
      inner: new Uint8Array(units),
      pool: new Uint16Array(poolSize),
    });
    trie.insert(merged);
    return trie;
  }

  /** Insert the entries of `merged` (keys distinct) into this newly made trie. */
  private insert(merged: ReadonlyMap<string, string>): void {
    let nodes = 1;
    let used = 0;
    for (const [k, v] of merged) {
      // opencc-js stores a value for the empty key on its root, where no match ever looks.
      if (k.length === 0) continue;
      let node = 0;
      for (let i = 0; i < k.length; i++) {
        const u = k.charCodeAt(i);
        let child = this.child(node, u);
        if (child === 0) {
          child = nodes++;
          this.inner[node] = 1;
          if (node === 0) this.first[u] = child;
          else {
            let h = this.hash(node, u);
            while (this.edges[h * 3 + 2] !== 0) h = (h + 1) & this.mask;
            this.edges[h * 3] = node;
            this.edges[h * 3 + 1] = u;
            this.edges[h * 3 + 2] = child;
          }
        }
        node = child;
      }
      for (let i = 0; i < v.length; i++) this.pool[used + i] = v.charCodeAt(i);
      this.valOff[node] = used;
      this.valLen[node] = v.length;
      this.changes[node] = k === v ? 0 : 1;
      used += v.length;
    }
  }

  private hash(node: number, unit: number): number {
    let h = Math.imul(node, 0x9e3779b1) + unit;
    h ^= h >>> 15;
    h = Math.imul(h, 0x85ebca6b);
    return (h ^ (h >>> 13)) & this.mask;
  }

  private child(node: number, unit: number): number {
    if (node === 0) return this.first[unit]!;
    const edges = this.edges;
    for (let h = this.hash(node, unit); ; h = (h + 1) & this.mask) {
      const c = edges[h * 3 + 2]!;
      if (c === 0) return 0;
      if (edges[h * 3] === node && edges[h * 3 + 1] === unit) return c;
    }
  }

  /** The end of the longest key starting at `i` that ends at or before `to`, or -1; its node in `matched[0]`. */
  private match(s: Uint16Array, i: number, to: number, matched: Int32Array): number {
    let node = this.first[s[i]!]!;
    if (node === 0) return -1;
    let end = -1;
    if (this.valLen[node]! >= 0) {
      end = i + 1;
      matched[0] = node;
    }
    for (let j = i + 1; j < to && this.inner[node] === 1; j++) {
      node = this.child(node, s[j]!);
      if (node === 0) break;
      if (this.valLen[node]! >= 0) {
        end = j + 1;
        matched[0] = node;
      }
    }
    return end;
  }

  /**
   * Convert code units [from, to) of `s` into `out` (opencc-js `Trie.convert` on that slice); whether any
   * value written differs from its key. Runs of units no key changes (no match, or a key mapped to itself) are
   * copied as they are.
   */
  convert(s: Uint16Array, from: number, to: number, out: Buf): boolean {
    const { valLen, valOff, changes, pool } = this;
    const matched = scratch;
    let changed = false;
    out.reserve(to - from);
    let a = out.a;
    let n = out.n;
    // Units [copied, i) are to be copied as they are.
    let copied = from;
    for (let i = from; i < to; ) {
      const end = this.match(s, i, to, matched);
      if (end < 0) {
        i++;
        continue;
      }
      const best = matched[0]!;
      if (changes[best] === 0) {
        i = end;
        continue;
      }
      changed = true;
      if (i - copied > 32) {
        a.set(s.subarray(copied, i), n);
        n += i - copied;
      } else for (let k = copied; k < i; k++) a[n++] = s[k]!;
      const len = valLen[best]!;
      // A value longer than its key may outgrow the room reserved for the slice.
      if (n + len + (to - end) > a.length) {
        out.n = n;
        out.reserve(len + (to - end));
        a = out.a;
      }
      const off = valOff[best]!;
      for (let k = 0; k < len; k++) a[n++] = pool[off + k]!;
      i = copied = end;
    }
    if (to - copied > 32) {
      a.set(s.subarray(copied, to), n);
      n += to - copied;
    } else for (let k = copied; k < to; k++) a[n++] = s[k]!;
    out.n = n;
    return changed;
  }

  /**
   * Add to `cuts` those opencc-js `Trie.segment` makes in code units [0, n) of `s`: start and end of every match,
   * ascending.
   */
  segment(s: Uint16Array, n: number, cuts: Cuts): void {
    const matched = scratch;
    for (let i = 0; i < n; ) {
      const end = this.match(s, i, n, matched);
      if (end < 0) {
        i++;
        continue;
      }
      if (cuts.a[cuts.n - 1] !== i) cuts.push(i);
      cuts.push(end);
      i = end;
    }
  }
}

const scratch = new Int32Array(1);

/** Positions in a text, ascending: where its segments start, and its end. */
class Cuts {
  a = new Int32Array(64);
  n = 0;

  push(x: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = x;
  }
}

/** Two buffers passes alternate between, shared by every converter (conversions do not nest). */
let bufA = new Buf();
let bufB = new Buf();

/** Texts at least this long are copied to and from code units by Node's UTF-16 codec (code units as they are). */
const NATIVE = 256;

/** Copy `s` into `out`; whether `s` holds an ideographic description character. */
function toUnits(s: string, out: Buf): boolean {
  out.n = 0;
  out.reserve(s.length);
  out.n = s.length;
  const a = out.a;
  if (s.length >= NATIVE) {
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).write(s, 0, 'utf16le');
    return IDC.test(s);
  }
  let idc = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a[i] = c;
    if (c >= 0x2ff0 && c <= 0x2fff) idc = true;
  }
  return idc;
}

function fromUnits(b: Buf): string {
  if (b.n >= NATIVE) return Buffer.from(b.a.buffer, b.a.byteOffset, b.n * 2).toString('utf16le');
  return String.fromCharCode.apply(null, b.a.subarray(0, b.n) as unknown as number[]);
}

/** Tries built once per dictionary group (all the Traditional-to-Simplified configurations share t2s's). */
const tries = new Map<string, FlatTrie>();

function trieOf(group: readonly Dict[]): FlatTrie | undefined {
  // (Looked up before the entries are read and checked: the configurations share most of their groups.)
  const strings = group.every((d) => typeof d === 'string') ? (group as readonly string[]) : undefined;
  const key = strings?.join('\u0000');
  let file: string | undefined;
  if (key !== undefined) {
    const known = tries.get(key);
    if (known) return known;
    // Built by an earlier thread or run (only a group that passed the checks below was saved).
    file = trieFile(strings!);
    const saved = file === undefined ? undefined : loadTrie(file);
    if (saved) {
      try {
        const trie = new FlatTrie(saved);
        tries.set(key, trie);
        return trie;
      } catch {
        /* arrays that do not make a trie (a damaged file): build it */
      }
    }
  }
  const pairs: (readonly [string, string])[] = [];
  // opencc-js loads a group's dictionaries last to first, each entry overwriting an earlier one.
  for (let i = group.length - 1; i >= 0; i--) {
    const e = entriesOf(group[i]!);
    if (!e) return undefined;
    for (const [k, v] of e) {
      if (!wellFormed(k) || !wellFormed(v) || IDC.test(k) || IDC.test(v)) return undefined;
      pairs.push([k, v]);
    }
  }
  const trie = FlatTrie.build(pairs);
  if (key !== undefined) tries.set(key, trie);
  if (file !== undefined) saveTrie(file, trie.parts());
  return trie;
}

/** A conversion group's dictionaries as opencc-js's ConverterFactory and `loadDictGroup` read them. */
function groupOf(g: unknown): readonly Dict[] | undefined {
  return Array.isArray(g) && g.every(isDict) ? (g as Dict[]) : undefined;
}

/**
 * An exactly equivalent, faster, converter for the opencc-js built-in configuration `name` (t2s, hk2sp, s2t, ...),
 * or undefined when the configuration is not there or not in the shape read here. `slow` is opencc-js's own
 * converter for the same configuration, built on first use, for the texts (with an ideographic description
 * character) this one leaves to it.
 */
export function flatConverter(name: string, slow: () => (s: string) => string): ((s: string) => string) | undefined {
  const config = (OpenCC.Locale.configs as Record<string, Config | undefined> | undefined)?.[name];
  if (!config || !Array.isArray(config.conversionChain)) return undefined;
  const norm: FlatTrie[] = [];
  for (const g of config.normalizationChain ?? []) {
    const group = groupOf(g);
    const trie = group && trieOf(group);
    if (!trie) return undefined;
    norm.push(trie);
  }
  let seg: FlatTrie | undefined;
  const s = config.segmentation;
  if (s) {
    // opencc-js: a list of strings is a group, anything else one dictionary.
    const group = Array.isArray(s) && s.every((d) => typeof d === 'string') ? (s as string[]) : isDict(s) ? [s] : undefined;
    seg = group && trieOf(group);
    if (!seg) return undefined;
  }
  const conv: FlatTrie[] = [];
  for (const g of config.conversionChain) {
    const group = groupOf(g);
    const trie = group && trieOf(group);
    if (!trie) return undefined;
    conv.push(trie);
  }
  let opencc: ((s: string) => string) | undefined;
  const cuts = new Cuts();
  return (text: string): string => {
    let inp = bufA;
    let out = bufB;
    if (toUnits(text, inp)) return (opencc ??= slow())(text);
    let changed = false;
    // A pass that changes nothing leaves its input to the next pass.
    for (const trie of norm) {
      out.n = 0;
      if (!trie.convert(inp.a, 0, inp.n, out)) continue;
      changed = true;
      [inp, out] = [out, inp];
    }
    cuts.n = 0;
    cuts.push(0);
    if (seg) seg.segment(inp.a, inp.n, cuts);
    if (cuts.a[cuts.n - 1] !== inp.n) cuts.push(inp.n);
    for (const trie of conv) {
      out.n = 0;
      let passChanged = false;
      const c = cuts.a;
      for (let k = 0; k + 1 < cuts.n; k++) {
        const from = c[k]!;
        const to = c[k + 1]!;
        // The segment's start in the output, the cut for the next pass.
        c[k] = out.n;
        if (trie.convert(inp.a, from, to, out)) passChanged = true;
      }
      c[cuts.n - 1] = out.n;
      if (!passChanged) continue;
      changed = true;
      [inp, out] = [out, inp];
    }
    bufA = inp;
    bufB = out;
    return changed ? fromUnits(inp) : text;
  };
}
