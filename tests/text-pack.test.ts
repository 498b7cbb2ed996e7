import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TextPack } from '../src/cache/texts.js';
import { readPreparedTextSync } from '../src/pipeline/prepared.js';
import { ROOT, removeTemps, tempDir } from './helpers.js';
import { expectSameOutputs, lastRun, run, sameBuild, smallCorpus } from './incremental-helpers.js';

afterAll(removeTemps);

describe('TextPack: the match texts of prepared articles in one file', () => {
  const entries: [string, string][] = [
    ['k1', '台湾AI模型\n第二句：“引号”'],
    ['k2', ''],
    ['k3', '😀 emoji, a lone surrogate \ud800 and \udc00 kept as they are'],
    ['k4', 'GPT-3.5 和 Node.js 的 68.74%'],
  ];

  it('gives back every text as it went in, and nothing for another key', () => {
    const pack = TextPack.fromBuffer(TextPack.toBuffer(entries));
    for (const [key, text] of entries) {
      expect(pack.has(key)).toBe(true);
      expect(pack.get(key)).toBe(text);
    }
    expect(pack.get('k5')).toBeUndefined();
    expect(pack.keys).toEqual(['k1', 'k2', 'k3', 'k4']);
    expect(TextPack.fromBuffer(TextPack.toBuffer([])).get('k1')).toBeUndefined();
  });

  it('is out of date when the keys it lacks and the keys no longer used are more than a thirty-second of it', () => {
    const keys = Array.from({ length: 64 }, (_, i) => `k${i}`);
    const pack = TextPack.fromBuffer(TextPack.toBuffer(keys.map((k) => [k, k])));
    expect(pack.outOfDate(keys)).toBe(false);
    expect(pack.outOfDate([...keys, 'new1', 'new2'])).toBe(false);
    expect(pack.outOfDate([...keys, 'new1', 'new2', 'new3'])).toBe(true);
    expect(pack.outOfDate([...keys.slice(2), 'new1'])).toBe(true);
    expect(pack.outOfDate([...keys.slice(1), 'new1'])).toBe(false);
  });

  it('refuses what is not a whole pack', () => {
    const buf = TextPack.toBuffer(entries);
    expect(() => TextPack.fromBuffer(buf.subarray(0, buf.length - 8))).toThrow();
    expect(() => TextPack.fromBuffer(Buffer.from('not a pack'))).toThrow();
  });
});

describe('the text pack of a run', () => {
  const corpus = smallCorpus();
  const out = tempDir('qingxi-texts-');
  const store = path.join(out, '.qingxi');
  const packFile = () => {
    const [f] = readdirSync(path.join(store, 'texts'));
    return path.join(store, 'texts', f!);
  };

  it('holds the text of every prepared article, as its .prep file has it', async () => {
    const r = await run(corpus, out);
    expect(r.code, r.stderr).toBe(0);
    const pack = TextPack.fromBuffer(readFileSync(packFile()));
    const prepared = readdirSync(path.join(store, 'prepared'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(pack.keys).toHaveLength(prepared.length);
    for (const e of prepared) {
      const key = e.name.replace(/\.prep$/, '');
      expect(pack.get(key)).toBe(readPreparedTextSync(path.join(e.parentPath, e.name)));
    }
  });

  it('is rewritten with the article a re-run adds; a damaged pack only costs reads, the outputs equal a fresh run', async () => {
    const text = readFileSync(path.join(ROOT, 'corpus', '001_f67e12d98019297f.txt'), 'utf8').split('\n');
    writeFileSync(path.join(corpus, 'b', 'added.txt'), text.slice(Math.floor(text.length / 2)).join('\n'));
    const same = sameBuild();
    let r = await run(corpus, out);
    expect(r.code, r.stderr).toBe(0);
    const pack = TextPack.fromBuffer(readFileSync(packFile()));
    expect(pack.keys).toHaveLength(9);
    if (same()) expect(lastRun(out).ids.prepared).toEqual(['b/added']);
    // Damaged: every text comes from the .prep files; the run rewrites the pack.
    writeFileSync(packFile(), 'damaged');
    writeFileSync(path.join(corpus, 'b', 'added-2.txt'), text.slice(0, Math.floor(text.length / 2)).join('\n'));
    r = await run(corpus, out);
    expect(r.code, r.stderr).toBe(0);
    expect(TextPack.fromBuffer(readFileSync(packFile())).keys).toHaveLength(10);
    const ref = tempDir('qingxi-texts-fresh-');
    const f = await run(corpus, ref);
    expect(f.code, f.stderr).toBe(0);
    expectSameOutputs(out, ref);
  });
});
