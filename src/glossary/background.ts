import { readFileSync } from 'node:fs';
import { cmp } from '../cache/hash.js';
import { writeFileAtomic } from '../io/atomic.js';
import { jiebaBackground, type Background, type WordFreq, type WordSet } from './lexicon.js';
import { packColumns, unpackColumns } from './packed.js';
import { CharIndex, MAX_KEY_LENGTH, type CharKeys } from './string-index.js';

/**
 * The version of the saved background's layout (packed.ts columns: characters, lengths, frequencies, idiom
 * flags, the index's slots).
 */
const BACKGROUND_VERSION = 2;
// (Its index's slots are saved too: they depend on string-index.ts's hash function, a change there needs a new version.)

/**
 * jieba's general dictionary as saved words (their characters in one buffer) with a hash index of ids: loads from
 * a saved copy as typed arrays, with no string per word, instead of parsing the dictionary into a Map (about
 * 500 ms), which every run that discovers terms would pay. Discovery makes a few lookups per new n-gram and per
 * candidate.
 */
export class SortedWords implements WordFreq, CharKeys {
  readonly start: Int32Array;
  readonly length: number;
  private readonly index: CharIndex;

  /**
   * Words `chars` of lengths `len`, one after the other, their frequencies, and the slots of their index when it
   * was saved (throws when they disagree).
   */
  constructor(
    readonly chars: Uint16Array,
    readonly len: Uint16Array,
    private readonly freqs: Int32Array,
    slots?: Int32Array,
  ) {
    const n = len.length;
    if (freqs.length !== n) throw new Error('background: wrong number of frequencies');
    this.start = new Int32Array(n);
    let at = 0;
    for (let i = 0; i < n; i++) {
      if (len[i] === 0) throw new Error('background: an empty word');
      this.start[i] = at;
      at += len[i]!;
    }
    if (at !== chars.length) throw new Error('background: wrong number of characters');
    this.length = n;
    this.index = new CharIndex(this, slots);
  }

  /** The slots of the index (to save). */
  get slots(): Int32Array {
    return this.index.table;
  }

  get(w: string): number | undefined {
    const i = this.index.get(w);
    return i === undefined ? undefined : this.freqs[i];
  }

  /** The frequency of word `i` (its position in the saved order). */
  freqAt(i: number): number {
    return this.freqs[i]!;
  }

  /** The id of a word (its position in the saved order). */
  id(w: string): number | undefined {
    return this.index.get(w);
  }
}

/**
 * The words of two UTF-16 code units with at least `min` occurrences in `freq` (a Map or SortedWords), each as
 * `(first << 16) | second`: a number lookup instead of a string slice and a hash of it, for term discovery's
 * flags (two per new n-gram, about 1.5 million for the bench corpus: 0.5 s of the main thread by string).
 * Undefined for another kind of lookup.
 */
export function frequentPairs(freq: WordFreq, min: number): Set<number> | undefined {
  const out = new Set<number>();
  if (freq instanceof SortedWords) {
    const { chars, len, start } = freq;
    for (let i = 0; i < freq.length; i++) {
      if (len[i] === 2 && freq.freqAt(i) >= min) out.add((chars[start[i]!]! << 16) | chars[start[i]! + 1]!);
    }
    return out;
  }
  if (freq instanceof Map) {
    for (const [w, f] of freq as Map<string, number>) if (w.length === 2 && f >= min) out.add((w.charCodeAt(0) << 16) | w.charCodeAt(1));
    return out;
  }
  return undefined;
}

/** The idioms of a saved background: a flag per dictionary word, and any idiom that is not a dictionary word. */
class SavedIdioms implements WordSet {
  readonly size: number;

  constructor(
    private readonly words: SortedWords,
    private readonly flags: Uint8Array,
    private readonly others: ReadonlySet<string>,
  ) {
    if (flags.length !== words.length) throw new Error('background: wrong number of idiom flags');
    let n = others.size;
    for (let i = 0; i < flags.length; i++) if (flags[i]) n++;
    this.size = n;
  }

  has(w: string): boolean {
    const i = this.words.id(w);
    return (i !== undefined && this.flags[i] === 1) || this.others.has(w);
  }
}

/**
 * The background in packed form (packed.ts): the total and the idioms that are not words in the head, then the
 * sorted words' columns. `bg.idioms` must be a Set (as jiebaBackground gives).
 */
export function backgroundToBuffer(bg: Background & { idioms: ReadonlySet<string> }, entries: Iterable<[string, number]>): Buffer {
  const list = [...entries].sort(([a], [b]) => cmp(a, b));
  let nc = 0;
  for (const [w] of list) {
    if (w.length === 0 || w.length > MAX_KEY_LENGTH) throw new Error('background: a word is empty or too long');
    nc += w.length;
  }
  const chars = new Uint16Array(nc);
  const len = new Uint16Array(list.length);
  let at = 0;
  list.forEach(([w], i) => {
    for (let k = 0; k < w.length; k++) chars[at + k] = w.charCodeAt(k);
    at += w.length;
    len[i] = w.length;
  });
  const freqs = Int32Array.from(list, ([, f]) => f);
  const idiom = Uint8Array.from(list, ([w]) => (bg.idioms.has(w) ? 1 : 0));
  const words = new Set(list.map(([w]) => w));
  const others = [...bg.idioms].filter((w) => !words.has(w)).sort(cmp);
  const { slots } = new SortedWords(chars, len, freqs);
  return packColumns({ total: bg.total, idioms: others }, BACKGROUND_VERSION, [chars, len, freqs, idiom, slots]);
}

/** The background `backgroundToBuffer` saved (it keeps views of `buf`); throws on another format or damage. */
export function backgroundFromBuffer(buf: Buffer): Background {
  const { head, columns } = unpackColumns(buf, BACKGROUND_VERSION, ['u16', 'u16', 'i32', 'u8', 'i32']);
  const h = head as { total: number; idioms: string[] };
  if (typeof h?.total !== 'number' || !Array.isArray(h.idioms)) throw new Error('background: damaged head');
  const [chars, len, freqs, idiom, slots] = columns as [Uint16Array, Uint16Array, Int32Array, Uint8Array, Int32Array];
  const words = new SortedWords(chars, len, freqs, slots);
  return { freq: words, total: h.total, idioms: new SavedIdioms(words, idiom, new Set(h.idioms)) };
}

/**
 * The background, from the first saved copy of `files` that reads (the caller names each by everything it
 * depends on, e.g. the installed nodejieba and qingxi's code), else parsed from jieba's dictionary. `save`, when
 * set, then writes it where it was missing before the copy it came from: the first file must be written, the
 * others (a cache shared by runs over other output folders) are best effort. Synchronous: discovery needs it
 * while it counts the results of workers.
 */
export function loadBackground(...files: string[]): { bg: Background; save?: () => Promise<void> } {
  for (const [i, file] of files.entries()) {
    let buf: Buffer;
    let bg: Background;
    try {
      buf = readFileSync(file);
      bg = backgroundFromBuffer(buf);
    } catch {
      continue;
    }
    if (i === 0) return { bg };
    return { bg, save: () => saveTo(files.slice(0, i), buf) };
  }
  const bg = jiebaBackground();
  const map = bg.freq;
  if (!(map instanceof Map) || map.size === 0) return { bg };
  for (const w of map.keys()) if (w.length > MAX_KEY_LENGTH) return { bg };
  return { bg, save: () => saveTo(files, backgroundToBuffer(bg, map as Map<string, number>)) };
}

async function saveTo(files: string[], buf: Buffer): Promise<void> {
  if (files.length === 0) return;
  await writeFileAtomic(files[0]!, buf);
  for (const f of files.slice(1)) await writeFileAtomic(f, buf).catch(() => undefined);
}
