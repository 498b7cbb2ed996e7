import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTemps, runCli, tempDir } from './helpers.js';
import { expectSameOutputs, smallCorpus } from './incremental-helpers.js';

afterAll(removeTemps);

describe('determinism', () => {
  it('gives byte-identical outputs at --concurrency 1 and 3', async () => {
    const corpus = smallCorpus();
    const one = tempDir('qingxi-det-1-');
    const three = tempDir('qingxi-det-3-');
    const a = await runCli(['run', '--corpus', corpus, '--out', one, '--concurrency', '1']);
    const b = await runCli(['run', '--corpus', corpus, '--out', three, '--concurrency', '3']);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expectSameOutputs(three, one);
    // report.json carries no timings, so it too is byte-identical (timings go to .qingxi/last-run.json).
    expect(readFileSync(path.join(one, 'report.json'), 'utf8')).not.toMatch(/timeMs|stageMs/);
  });
});
