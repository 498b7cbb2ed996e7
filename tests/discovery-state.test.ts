import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { prng } from '../bench/corpus.js';
import { loadConfig } from '../src/config/load.js';
import { backgroundFromBuffer, backgroundToBuffer, loadBackground, SortedWords } from '../src/glossary/background.js';
import { pruneUserCache } from '../src/cache/user-cache.js';
import { TermDiscovery } from '../src/glossary/discovery.js';
import { FLAG_QUANTIFIED, FLAG_WORD_END, FLAG_WORD_START, type GramTable } from '../src/glossary/grams.js';
import { jiebaBackground } from '../src/glossary/lexicon.js';
import { glossaryOptions } from '../src/glossary/options.js';
import { termStatsOf } from '../src/glossary/stats.js';
import type { ArticleTermStats, PreparedRecord } from '../src/glossary/types.js';
import { SAMPLE_CORPUS, ROOT } from './helpers.js';
// The implementation before the n-gram table kept its characters in one buffer and its entropy sums up to date.
import { TermDiscovery as OldTermDiscovery } from './reference/old-discovery.js';

const opts = { ...glossaryOptions(loadConfig(path.join(ROOT, 'pipeline'))), minDomain: 0 };

/** Articles of real text: the sample corpus cut into pieces of a few lines, as term statistics. */
function articles(): { id: string; stats: ArticleTermStats }[] {
  const out: { id: string; stats: ArticleTermStats }[] = [];
  for (const f of readdirSync(SAMPLE_CORPUS).sort()) {
    const lines = readFileSync(path.join(SAMPLE_CORPUS, f), 'utf8').split('\n').filter((l) => l.trim());
    for (let i = 0; i < lines.length; i += 6) {
      const rec = { paragraphs: [{ sentences: lines.slice(i, i + 6).map((text) => ({ text })) }] } as unknown as PreparedRecord;
      out.push({ id: `${f}#${i}`, stats: termStatsOf(rec) });
    }
  }
  return out;
}

const tableOf = (d: TermDiscovery) => (d as unknown as { table: GramTable }).table;

/**
 * The branching-entropy sums from scratch, as discovery computed them on every call before they were kept up to
 * date: a pass over every gram, adding its share to its prefix's and suffix's sums.
 */
function sumsFromScratch(t: GramTable, maxLen: number) {
  const n = t.length;
  const sl = new Float64Array(n);
  const sr = new Float64Array(n);
  const quant = new Float64Array(n);
  const cross = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = t.count[i]!;
    if (c === 0) continue;
    const len = t.gram(i).length;
    if (len < 3 || len > maxLen + 1) continue;
    const cl = Math.round(c * Math.log(c) * 2 ** 20);
    const f = t.flags[i]!;
    const right = t.pre[i]!;
    const left = t.suf[i]!;
    if (right >= 0) {
      sr[right] += cl;
      if (f & FLAG_WORD_END) cross[right] += c;
    }
    if (left >= 0) {
      sl[left] += cl;
      if (f & FLAG_QUANTIFIED) quant[left] += c;
      if (f & FLAG_WORD_START) cross[left] += c;
    }
  }
  return { sl, sr, quant, cross };
}

/** The kept sums agree with the ones from scratch for every gram held (after resolving, as discovery does). */
function expectSumsFromScratch(d: TermDiscovery, maxLen: number): void {
  const t = tableOf(d);
  t.resolve((d as unknown as { flagger: (g: string) => number }).flagger);
  const r = sumsFromScratch(t, maxLen);
  let bad = 0;
  for (let i = 0; i < t.length; i++) {
    if (t.count[i] === 0) continue;
    if (t.leftSum[i] !== r.sl[i] || t.rightSum[i] !== r.sr[i] || t.quantSum[i] !== r.quant[i] || t.crossSum[i] !== r.cross[i]) bad++;
  }
  expect(bad).toBe(0);
}

describe('term discovery state (typed n-gram table, sums kept up to date)', () => {
  const all = articles();
  const maxLen = Math.min(opts.maxLength, 6);

  it('has real statistics to work on', () => {
    expect(all.length).toBeGreaterThan(40);
  });

  for (const [seed, maxGrams, eager] of [
    [1, opts.maxGrams, false],
    [2, opts.maxGrams, true],
    [3, 6000, true],
    [4, 3000, false],
  ] as const) {
    it(`discovers what the old implementation does through adds, removals, pruning and save/load (seed ${seed}, maxGrams ${maxGrams})`, () => {
      const o = { ...opts, maxGrams };
      const rand = prng(seed);
      let d = new TermDiscovery(o);
      let old = new OldTermDiscovery(o);
      d.eager = old.eager = eager;
      const inside = new Set<number>();
      for (let step = 0; step < 60; step++) {
        const r = rand();
        if (r < 0.55 || inside.size === 0) {
          const k = Math.floor(rand() * all.length);
          d.add(all[k]!.id, all[k]!.stats);
          old.add(all[k]!.id, all[k]!.stats);
          inside.add(k);
        } else if (r < 0.8) {
          const k = [...inside][Math.floor(rand() * inside.size)]!;
          d.remove(all[k]!.id, all[k]!.stats);
          old.remove(all[k]!.id, all[k]!.stats);
          inside.delete(k);
        } else if (r < 0.9) {
          if (d.exact) {
            d = TermDiscovery.fromBuffer(d.toBuffer(), o);
            old = OldTermDiscovery.fromBuffer(old.toBuffer(), o);
            d.eager = old.eager = eager;
          }
        } else {
          expect(d.discover()).toEqual(old.discover());
        }
        expect([d.size, d.floor, d.exact]).toEqual([old.size, old.floor, old.exact]);
        if (step % 10 === 9) expectSumsFromScratch(d, maxLen);
      }
      expectSumsFromScratch(d, maxLen);
      expect(d.discover()).toEqual(old.discover());
      if (maxGrams < 10000) expect(d.exact).toBe(false);
    });
  }

  it('gives the same terms after a save and load, and after one article more, as counting from scratch', () => {
    const o = opts;
    const full = new TermDiscovery(o);
    const old = new OldTermDiscovery(o);
    for (const a of all) {
      full.add(a.id, a.stats);
      old.add(a.id, a.stats);
    }
    const terms = full.discover();
    expect(terms.length).toBeGreaterThan(20);
    expect(terms).toEqual(old.discover());
    const last = all[all.length - 1]!;
    full.remove(last.id, last.stats);
    const loaded = TermDiscovery.fromBuffer(full.toBuffer(), o);
    loaded.eager = true;
    loaded.add(last.id, last.stats);
    expect(loaded.discover()).toEqual(terms);
    // Saved again and loaded: the same table, sums and terms.
    const again = TermDiscovery.fromBuffer(loaded.toBuffer(), o);
    expect(again.discover()).toEqual(terms);
    expectSumsFromScratch(again, maxLen);
    expect(again.toBuffer().equals(loaded.toBuffer())).toBe(true);
  });

  it('refuses a state of the old format, another version, or a damaged one', () => {
    const d = new TermDiscovery(opts);
    const old = new OldTermDiscovery(opts);
    for (const a of all.slice(0, 5)) {
      d.add(a.id, a.stats);
      old.add(a.id, a.stats);
    }
    const buf = d.toBuffer();
    expect(() => TermDiscovery.fromBuffer(old.toBuffer(), opts)).toThrow();
    expect(() => TermDiscovery.fromBuffer(buf.subarray(0, buf.length - 8), opts)).toThrow(/wrong size/);
    const version = Buffer.from(buf);
    version.writeUInt32LE(1, 4);
    expect(() => TermDiscovery.fromBuffer(version, opts)).toThrow(/version/);
    expect(() => TermDiscovery.fromBuffer(buf, { ...opts, maxLength: 4 })).toThrow(/other options/);
    // A copy that does not start at a multiple of 8 in memory loads the same.
    const shifted = Buffer.alloc(buf.length + 3);
    buf.copy(shifted, 3);
    expect(TermDiscovery.fromBuffer(shifted.subarray(3), opts).discover()).toEqual(d.discover());
    // The saved hash index: an id twice (the last slot column entry set to another id) is refused.
    const slotsEnd = buf.length;
    const damaged = Buffer.from(buf);
    const n = d.size;
    let hit = -1;
    for (let at = slotsEnd - 4; at > 0; at -= 4) {
      if (damaged.readInt32LE(at) >= 0) {
        hit = at;
        break;
      }
    }
    damaged.writeInt32LE(damaged.readInt32LE(hit) === 0 ? 1 : 0, hit);
    expect(n).toBeGreaterThan(1);
    expect(() => TermDiscovery.fromBuffer(damaged, opts)).toThrow(/damaged/);
    // A count set to 0 or a prefix id out of range is refused.
    const zero = Buffer.from(buf);
    expect(() => TermDiscovery.fromBuffer(corruptColumn(zero, 2, 0), opts)).toThrow(/damaged/);
    expect(() => TermDiscovery.fromBuffer(corruptColumn(Buffer.from(buf), 4, n + 5), opts)).toThrow(/damaged/);
  });

  it('reads the background from its saved copy with the same lookups, falls back from another format, and shares a copy across stores', async () => {
    const bg = jiebaBackground();
    const map = bg.freq as Map<string, number>;
    const copy = backgroundFromBuffer(backgroundToBuffer(bg, map));
    let n = 0;
    for (const [w, f] of map) {
      if (n++ % 7 === 0) expect(copy.freq.get(w)).toBe(f);
      if (n % 7 === 1) expect(copy.freq.get(`${w}鿿`)).toBe(map.get(`${w}鿿`));
    }
    for (const w of bg.idioms) expect(copy.idioms.has(w)).toBe(true);
    for (const w of ['大模型', '模型', '一心一意']) expect(copy.idioms.has(w)).toBe(bg.idioms.has(w));
    expect(copy.idioms.size).toBe(bg.idioms.size);
    const dir = mkdtempSync(path.join(tmpdir(), 'qingxi-bg-'));
    try {
      const file = path.join(dir, 'bg.bin');
      writeFileSync(file, Buffer.from('not a background'));
      const loaded = loadBackground(file);
      expect(loaded.save).toBeTypeOf('function');
      expect(loaded.bg.freq.get('模型')).toBe(map.get('模型'));
      // With a shared copy (the user's cache): a store without one takes it, and only writes it into the store.
      const shared = path.join(dir, 'cache', 'background-aaa.bin');
      const other = path.join(dir, 'cache', 'background-bbb.bin');
      const store = path.join(dir, 'store', 'bg.bin');
      const built = loadBackground(store, shared);
      await built.save!();
      expect(readFileSync(shared).equals(readFileSync(store))).toBe(true);
      rmSync(store);
      mkdirSync(path.dirname(other), { recursive: true });
      writeFileSync(other, 'another build');
      const fromShared = loadBackground(store, shared);
      expect(fromShared.bg.freq).toBeInstanceOf(SortedWords);
      expect(fromShared.bg.freq.get('模型')).toBe(map.get('模型'));
      await fromShared.save!();
      expect(readFileSync(store).equals(readFileSync(shared))).toBe(true);
      expect(loadBackground(store, shared).save).toBeUndefined();
      pruneUserCache(shared);
      expect(existsSync(other)).toBe(false);
      expect(existsSync(shared)).toBe(true);
      // A damaged shared copy is built again and replaced.
      rmSync(store);
      writeFileSync(shared, 'damaged');
      const again = loadBackground(store, shared);
      expect(again.bg.freq).toBeInstanceOf(Map);
      await again.save!();
      expect(backgroundFromBuffer(readFileSync(shared)).freq.get('模型')).toBe(map.get('模型'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** `buf` with the first value of per-gram int32 column `k` (0: count, ... of the saved columns) set to `v`. */
function corruptColumn(buf: Buffer, k: number, v: number): Buffer {
  // Layout (packed.ts): 16-byte prefix, 8 bytes per column in the directory, the head, then 8-aligned columns.
  const columns = buf.readUInt32LE(12);
  const dirEnd = 16 + 8 * columns;
  const align8 = (x: number) => Math.ceil(x / 8) * 8;
  const bytes = [2, 2, 4, 4, 4, 4, 1, 8, 8, 8, 8, 4];
  let at = align8(dirEnd + buf.readUInt32LE(8));
  // Column 0 is the characters; per-gram columns follow (len, count, docs, pre, suf, ...).
  for (let c = 0; c < k; c++) at = align8(at + buf.readUInt32LE(20 + 8 * c) * bytes[c]!);
  buf.writeInt32LE(v, at);
  return buf;
}
