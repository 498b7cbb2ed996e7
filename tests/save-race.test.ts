import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runPipeline } from '../src/pipeline/run.js';
import { removeTemps, SAMPLE_CORPUS, tempDir } from './helpers.js';

/** Saved counts the run writes while the workers segment (run.ts saveLater), written slowly below. */
const SLOW = /[\\/]\.qingxi[\\/](terms|discovery)[\\/]/;
/** Temporary files of the slow writes still there when their rename came. */
const lost: string[] = [];

// The main thread's atomic writes of the saved counts, made slow: the temporary file is there for 400 ms before
// its rename, as a large save on a busy disk would be. (The worker threads load their own bundle: unchanged.)
vi.mock('../src/io/atomic.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/io/atomic.js')>();
  let n = 0;
  return {
    ...real,
    writeFileAtomic: async (file: string, data: string | Uint8Array) => {
      if (!SLOW.test(file)) return real.writeFileAtomic(file, data);
      // The name shape of io/atomic.ts: the run's sweeps take it for a temporary file.
      const tmp = path.join(path.dirname(file), `.${path.basename(file)}.slow.${n++}.tmp`);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(tmp, data);
      await new Promise((resolve) => setTimeout(resolve, 400));
      if (!existsSync(tmp)) lost.push(path.basename(file));
      await rename(tmp, file);
    },
  };
});

afterAll(removeTemps);

describe('the saved counts and the sweep of temporary files', () => {
  it('a short first run sweeps only after its saves are written', async () => {
    const corpus = tempDir('qingxi-save-race-corpus-');
    mkdirSync(corpus, { recursive: true });
    const first = readdirSync(SAMPLE_CORPUS).sort()[0]!;
    copyFileSync(path.join(SAMPLE_CORPUS, first), path.join(corpus, first));
    const out = tempDir('qingxi-save-race-out-');
    const summary = await runPipeline({ corpus, out, concurrency: 1 });
    expect(summary.articles).toBe(1);
    expect(lost).toEqual([]);
    // The term list and the discovery counts were written, and no temporary file is left.
    const store = path.join(out, '.qingxi');
    for (const dir of ['terms', 'discovery']) {
      const names = readdirSync(path.join(store, dir));
      expect(names.filter((f) => !f.endsWith('.tmp')).length, dir).toBeGreaterThan(0);
      expect(names.filter((f) => f.endsWith('.tmp')), dir).toEqual([]);
    }
  }, 60_000);
});
