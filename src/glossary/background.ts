import { readFileSync } from 'node:fs';
import { cmp } from '../cache/hash.js';
import { writeFileAtomic } from '../io/atomic.js';
import { jiebaBackground, type Background, type WordFreq } from './lexicon.js';
import { pack, unpack } from './packed.js';

/**
 * jieba's general dictionary as sorted words with binary search: loads from a saved copy in a tenth of the time
 * it takes to parse the dictionary into a Map (about 50 ms against 500 ms), which every run that discovers terms
 * pays. Lookups are a little slower than a Map's; discovery makes a few per new n-gram and per candidate.
 */
export class SortedWords implements WordFreq {
  constructor(
    private readonly words: readonly string[],
    private readonly freqs: Int32Array,
  ) {}

  get(w: string): number | undefined {
    let lo = 0;
    let hi = this.words.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const x = this.words[mid]!;
      if (x === w) return this.freqs[mid];
      if (x < w) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
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
