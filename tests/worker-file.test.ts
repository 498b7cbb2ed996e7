import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { workerIn } from '../src/pipeline/run.js';
import { tempDir } from './helpers.js';

describe('the worker file the pipeline threads load', () => {
  const folder = (bundleAge: number | undefined) => {
    const dir = path.join(tempDir('qingxi-worker-file-'), 'pipeline');
    mkdirSync(dir, { recursive: true });
    const modules = path.join(dir, 'worker.js');
    writeFileSync(modules, '');
    utimesSync(modules, 1_000_000, 1_000_000);
    if (bundleAge !== undefined) {
      const bundle = path.join(dir, 'worker.bundle.js');
      writeFileSync(bundle, '');
      utimesSync(bundle, 1_000_000 - bundleAge, 1_000_000 - bundleAge);
    }
    return dir;
  };

  it('is the bundle when it was made from the compiled modules (same age or newer)', () => {
    const dir = folder(0);
    expect(workerIn(dir, {})).toBe(path.join(dir, 'worker.bundle.js'));
    expect(workerIn(folder(-60), {})).toMatch(/worker\.bundle\.js$/);
  });

  it('is the modules when the bundle is missing or older than them (tsc ran after the bundle)', () => {
    const dir = folder(60);
    expect(workerIn(dir, {})).toBe(path.join(dir, 'worker.js'));
    expect(workerIn(folder(undefined), {})).toMatch(/worker\.js$/);
  });

  it('is the modules when QINGXI_MODULES=1 asks for them (CPU profiles by source file)', () => {
    expect(workerIn(folder(0), { QINGXI_MODULES: '1' })).toMatch(/worker\.js$/);
  });
});
