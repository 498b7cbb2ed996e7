import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as OpenCC from 'opencc-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entriesOf, FlatTrie, type Config, type TrieParts } from '../src/text/opencc-flat.js';
import { loadTrie, saveTrie, trieFile } from '../src/text/trie-cache.js';

/** The trie of a group of opencc-js dictionary strings, built as opencc-flat builds it (last dictionary first). */
function build(group: string[]): FlatTrie {
  const pairs = group
    .slice()
    .reverse()
    .flatMap((d) => entriesOf(d)!);
  return FlatTrie.build(pairs);
}

/** The trie of `group` read back from its cache file (the cache is set in these tests). */
const load = (group: string[]) => loadTrie(trieFile(group)!);
/** Save the trie of `group` to its cache file. */
const save = (group: string[], parts: TrieParts) => saveTrie(trieFile(group)!, parts);

function expectSameParts(a: TrieParts, b: TrieParts): void {
  for (const k of Object.keys(a) as (keyof TrieParts)[]) {
    expect(b[k].constructor).toBe(a[k].constructor);
    expect(Buffer.from(b[k].buffer, b[k].byteOffset, b[k].byteLength).equals(Buffer.from(a[k].buffer, a[k].byteOffset, a[k].byteLength))).toBe(true);
  }
}

describe('trie cache (built conversion tries in the shared user cache)', () => {
  let dir: string;
  let before: string | undefined;
  beforeEach(() => {
    before = process.env.QINGXI_CACHE_DIR;
    dir = mkdtempSync(path.join(os.tmpdir(), 'qingxi-trie-cache-'));
    process.env.QINGXI_CACHE_DIR = dir;
  });
  afterEach(() => {
    if (before === undefined) delete process.env.QINGXI_CACHE_DIR;
    else process.env.QINGXI_CACHE_DIR = before;
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives back the arrays of the trie it saved, for opencc-js s2t conversion group (400,000 characters of phrases)', () => {
    const config = (OpenCC.Locale.configs as unknown as Record<string, Config>).s2t!;
    const group = config.conversionChain[0] as string[];
    expect(load(group)).toBeUndefined();
    const trie = build(group);
    save(group, trie.parts());
    expect(readdirSync(dir)).toHaveLength(1);
    const loaded = load(group)!;
    expect(loaded).toBeDefined();
    expectSameParts(trie.parts(), loaded);
    // (The constructor checks that the arrays fit together.)
    expect(() => new FlatTrie(loaded)).not.toThrow();
  });

  it('reads nothing from a damaged or foreign file, and nothing for other dictionaries', () => {
    const group = ['干 幹|後 后', '面 麵'];
    save(group, build(group).parts());
    const [name] = readdirSync(dir);
    const file = path.join(dir, name!);
    expect(load(['干 幹|後 后', '面 面'])).toBeUndefined();
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, bytes.length - 8));
    expect(load(group)).toBeUndefined();
    writeFileSync(file, 'not a trie');
    expect(load(group)).toBeUndefined();
  });

  it('keeps one file per trie: a changed dictionary replaces the older file of the same trie', () => {
    // The same beginnings (64 characters) with different contents: an upgraded dictionary.
    const head = Array.from({ length: 40 }, (_, i) => `${String.fromCharCode(0x4e00 + i)} ${String.fromCharCode(0x4e00 + i)}`).join('|');
    const old = [`${head}|後 后`];
    const upgraded = [`${head}|後 后|麵 面`];
    const other = ['乾 干'];
    save(old, build(old).parts());
    save(other, build(other).parts());
    save(upgraded, build(upgraded).parts());
    expect(readdirSync(dir)).toHaveLength(2);
    expect(load(old)).toBeUndefined();
    expect(load(upgraded)).toBeDefined();
    expect(load(other)).toBeDefined();
  });

  it('writes nothing without a shared cache (QINGXI_CACHE_DIR empty)', () => {
    process.env.QINGXI_CACHE_DIR = '';
    const group = ['後 后'];
    // No file to load from or save to (opencc-flat then only builds).
    expect(trieFile(group)).toBeUndefined();
    expect(readdirSync(dir)).toHaveLength(0);
  });

  it('rejects arrays that do not make a trie (a damaged file of the right size)', () => {
    const parts = build(['後 后|後來 后来', '面 麵']).parts();
    expect(() => new FlatTrie(parts)).not.toThrow();
    expect(() => new FlatTrie({ ...parts, valLen: parts.valLen.subarray(1) })).toThrow(/wrong sizes/);
    expect(() => new FlatTrie({ ...parts, edges: parts.edges.subarray(3) })).toThrow(/wrong sizes/);
    const changed = (k: keyof TrieParts, at: number, v: number): TrieParts => {
      const copy = parts[k].slice();
      copy[at] = v;
      return { ...parts, [k]: copy };
    };
    expect(() => new FlatTrie(changed('first', '後'.charCodeAt(0), parts.valOff.length))).toThrow(/out of range/);
    const used = parts.edges.findIndex((x, i) => i % 3 === 2 && x !== 0);
    expect(() => new FlatTrie(changed('edges', used, -5))).toThrow(/out of range/);
    const valued = parts.valLen.findIndex((x) => x > 0);
    expect(() => new FlatTrie(changed('valOff', valued, parts.pool.length))).toThrow(/value out of range/);
    // Every slot taken: a lookup that misses would go round the table for ever.
    const full = parts.edges.slice();
    for (let h = 2; h < full.length; h += 3) if (full[h] === 0) full[h] = 1;
    expect(() => new FlatTrie({ ...parts, edges: full })).toThrow(/no empty slot/);
  });
});
