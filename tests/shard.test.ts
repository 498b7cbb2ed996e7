import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTemps, runCli, tempDir } from './helpers.js';
import { expectSameOutputs, outputs, run, smallCorpus } from './incremental-helpers.js';
import { parseShard, shardOf } from '../src/cache/shard.js';

afterAll(removeTemps);

describe('--shard I/N', () => {
  it('parses I/N (0-based) and refuses anything else', () => {
    expect(parseShard('0/3')).toEqual({ index: 0, count: 3 });
    expect(parseShard(' 2/3 ')).toEqual({ index: 2, count: 3 });
    for (const bad of ['3/3', '1', '-1/3', 'a/b', '1/0']) expect(() => parseShard(bad), bad).toThrow(/--shard/);
  });

  it('splits ids by hash, every id in exactly one shard', () => {
    const ids = Array.from({ length: 300 }, (_, i) => `site/${i}`);
    const counts = [0, 0, 0];
    for (const id of ids) counts[shardOf(id, 3)]!++;
    expect(counts.reduce((a, b) => a + b)).toBe(300);
    for (const c of counts) expect(c).toBeGreaterThan(60);
    expect(ids.map((id) => shardOf(id, 3))).toEqual(ids.map((id) => shardOf(id, 3)));
  });
});

describe('3 shards + merge', () => {
  const corpus = smallCorpus();
  const full = tempDir('qingxi-shard-full-');
  const sharded = tempDir('qingxi-shard-out-');

  it('refuses to segment or merge before every shard has prepared', async () => {
    const seg = await runCli(['run', '--corpus', corpus, '--out', sharded, '--concurrency', '1', '--shard', '0/3']);
    expect(seg.code).toBe(2);
    expect(seg.stderr).toMatch(/not been prepared yet.*--prepare-only/s);
    const merge = await runCli(['merge', '--corpus', corpus, '--out', sharded, '--concurrency', '1']);
    expect(merge.code).toBe(2);
    expect(merge.stderr).toMatch(/Run every shard/);
    expect([...outputs(sharded).keys()].filter((f) => !f.startsWith('articles/') && !f.startsWith('aligned/'))).toEqual([]);
  });

  it('equal one full run, byte for byte', async () => {
    const f = await run(corpus, full);
    expect(f.code, f.stderr).toBe(0);
    for (const i of [0, 1, 2]) {
      const r = await run(corpus, sharded, '--shard', `${i}/3`, '--prepare-only');
      expect(r.code, r.stderr).toBe(0);
    }
    // A prepare pass keeps the corpus's line counts for the runs after it.
    expect(readdirSync(path.join(sharded, '.qingxi', 'templates')).filter((f) => f.endsWith('.bin'))).toHaveLength(1);
    const written: number[] = [];
    for (const i of [2, 0, 1]) {
      const r = await run(corpus, sharded, '--shard', `${i}/3`);
      expect(r.code, r.stderr).toBe(0);
      written.push(Number(/(\d+) segmented and written/.exec(r.stderr)?.[1]));
      // A shard writes its articles only: no corpus-wide output yet.
      expect(outputs(sharded).has('corpus.jsonl')).toBe(false);
    }
    expect(written.reduce((a, b) => a + b)).toBe(8);
    const m = await runCli(['merge', '--corpus', corpus, '--out', sharded, '--concurrency', '1']);
    expect(m.code, m.stderr).toBe(0);
    expect(m.stderr).toMatch(/merge: 0 article\(s\) cleaned, 0 segmented and written, 8 left as they were/);
    expectSameOutputs(sharded, full);
  });
});
