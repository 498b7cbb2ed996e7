import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { writeChunksAtomicSync, writeFileAtomic } from '../src/io/atomic.js';
import { ROOT } from './helpers.js';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'qingxi-atomic-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Every file under `dir`, relative, sorted. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

describe('writeFileAtomic on the main thread', () => {
  it('creates missing folders, overwrites, and leaves no temporary file', async () => {
    const d = tmp();
    const f = path.join(d, 'a', 'b', 'c.txt');
    await writeFileAtomic(f, '一');
    await writeFileAtomic(f, '二');
    await writeFileAtomic(path.join(d, 'a', 'd.bin'), new Uint8Array([1, 2, 3]));
    expect(readFileSync(f, 'utf8')).toBe('二');
    expect(files(d)).toEqual([path.join('a', 'b', 'c.txt'), path.join('a', 'd.bin')]);
  });

  it('makes a folder again when it was removed between two writes', async () => {
    const d = tmp();
    await writeFileAtomic(path.join(d, 'x', 'one.txt'), '1');
    rmSync(path.join(d, 'x'), { recursive: true });
    await writeFileAtomic(path.join(d, 'x', 'two.txt'), '2');
    expect(files(d)).toEqual([path.join('x', 'two.txt')]);
  });

  it('fails without leaving anything when the target is a folder', async () => {
    const d = tmp();
    await writeFileAtomic(path.join(d, 'f', 'inner.txt'), 'x');
    await expect(writeFileAtomic(path.join(d, 'f'), 'y')).rejects.toThrow();
    expect(files(d)).toEqual([path.join('f', 'inner.txt')]);
  });

  it('writes a file in chunks that appears only when complete, chunks larger than a block included', () => {
    const d = tmp();
    const f = path.join(d, 's', 'big.jsonl');
    const big = 'x'.repeat(3 << 20);
    writeChunksAtomicSync(f, (write) => {
      for (let i = 0; i < 1000; i++) write(`${i}\n`);
      write(Buffer.from(`${big}\n`));
      write('一二三\n');
    });
    const lines = readFileSync(f, 'utf8').split('\n');
    expect(lines.length).toBe(1003);
    expect(lines[999]).toBe('999');
    expect(lines[1000]).toBe(big);
    expect(lines[1001]).toBe('一二三');
    expect(files(d)).toEqual([path.join('s', 'big.jsonl')]);
  });

  it('leaves the old file and no temporary file when the producer fails', () => {
    const d = tmp();
    const f = path.join(d, 'kept.txt');
    writeChunksAtomicSync(f, (write) => write('old\n'));
    expect(() =>
      writeChunksAtomicSync(f, (write) => {
        write('new\n');
        throw new Error('producer failed');
      }),
    ).toThrow('producer failed');
    expect(readFileSync(f, 'utf8')).toBe('old\n');
    expect(files(d)).toEqual(['kept.txt']);
  });
});

describe('writeFileAtomic in a worker thread (synchronous writes)', () => {
  it('writes the same files, folders created as needed', async () => {
    const d = tmp();
    const built = pathToFileURL(path.join(ROOT, 'dist', 'src', 'io', 'atomic.js')).href;
    const code = `
      const { workerData, parentPort } = require('node:worker_threads');
      const path = require('node:path');
      const fs = require('node:fs');
      import(workerData.built).then(async ({ writeFileAtomic }) => {
        const d = workerData.dir;
        for (let i = 0; i < 20; i++) await writeFileAtomic(path.join(d, 'w' + (i % 3), i + '.txt'), String(i));
        fs.rmSync(path.join(d, 'w0'), { recursive: true });
        await writeFileAtomic(path.join(d, 'w0', 'again.txt'), 'again');
        let failed = false;
        try { await writeFileAtomic(path.join(d, 'w1'), 'x'); } catch { failed = true; }
        parentPort.postMessage({ failed });
      }).catch((e) => parentPort.postMessage({ error: String(e) }));`;
    const result = await new Promise<{ failed?: boolean; error?: string }>((resolve, reject) => {
      const w = new Worker(code, { eval: true, workerData: { dir: d, built } });
      w.once('message', resolve);
      w.once('error', reject);
    });
    expect(result.error).toBeUndefined();
    expect(result.failed).toBe(true);
    const got = files(d);
    expect(got).toContain(path.join('w0', 'again.txt'));
    expect(got.filter((f) => f.startsWith('w1')).length).toBe(7);
    expect(got.filter((f) => f.startsWith('w2')).length).toBe(6);
    expect(got.some((f) => f.endsWith('.tmp'))).toBe(false);
    expect(readFileSync(path.join(d, 'w2', '5.txt'), 'utf8')).toBe('5');
  });
});
