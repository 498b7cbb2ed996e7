import { readFileSync } from 'node:fs';
import { cmp } from '../cache/hash.js';
import { writeFileAtomic } from '../io/atomic.js';
import { jiebaBackground, type Background, type WordFreq } from './lexicon.js';
import { pack, unpack } from './packed.js';
import { StringIndex } from './string-index.js';

/**
 * jieba's general dictionary as saved words with a hash index of ids: loads from a saved copy in a tenth of the
 * time it takes to parse the dictionary into a Map (about 50 ms against 500 ms), which every run that discovers
 * terms pays. Discovery makes a few lookups per new n-gram and per candidate.
 */
export class SortedWords implements WordFreq {
  private index: StringIndex | undefined;

  constructor(
    private readonly words: string[],
    private readonly freqs: Int32Array,
  ) {}

  get(w: string): number | undefined {
    this.index ??= new StringIndex(this.words);
    const i = this.index.get(w);
    return i === undefined ? undefined : this.freqs[i];
  }
}

/** The background in packed form (packed.ts): sorted words, their frequencies, total and idioms in the head. */
export function backgroundToBuffer(bg: Background, entries: Iterable<[string, number]>): Buffer {
  const list = [...entries].sort(([a], [b]) => cmp(a, b));
  return pack({
    head: { total: bg.total, idioms: [...bg.idioms].sort(cmp) },
    strings: list.map(([w]) => w),
    int32: [Int32Array.from(list, ([, f]) => f)],
  });
}

export function backgroundFromBuffer(buf: Buffer): Background {
  const { head, strings, int32 } = unpack(buf, { int32: 1 });
  const h = head as { total: number; idioms: string[] };
  return { freq: new SortedWords(strings, int32[0]!), total: h.total, idioms: new Set(h.idioms) };
}

/**
 * The background, from a saved copy at `file` when there is one (the caller names it by everything it depends
 * on, e.g. the installed nodejieba), else parsed from jieba's dictionary; `save` then writes the copy for the
 * next run. Synchronous: discovery needs it while it counts the results of workers.
 */
export function loadBackground(file: string): { bg: Background; save?: () => Promise<void> } {
  try {
    return { bg: backgroundFromBuffer(readFileSync(file)) };
  } catch {
    const bg = jiebaBackground();
    const map = bg.freq;
    if (!(map instanceof Map) || map.size === 0) return { bg };
    return { bg, save: () => writeFileAtomic(file, backgroundToBuffer(bg, map as Map<string, number>)) };
  }
}
