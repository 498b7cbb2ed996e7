import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, readTree, removeTemps, tempDir } from './helpers.js';
import { expectSameOutputs, lastRun, run, smallCorpus } from './incremental-helpers.js';

afterAll(removeTemps);

/** Files under `dir` (recursively) whose name satisfies `test`; none when it does not exist. */
function count(dir: string, test: (name: string) => boolean): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && test(e.name)).length;
}

/**
 * Start `qingxi run` and SIGKILL it as soon as `ready()` holds (checked every few milliseconds). Resolves with
 * whether it was killed (false: it finished first).
 */
function runAndKill(corpus: string, out: string, ready: () => boolean): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'run', '--corpus', corpus, '--out', out, '--concurrency', '1'], { stdio: 'ignore' });
    let killed = false;
    const timer = setInterval(() => {
      if (!killed && ready()) {
        killed = child.kill('SIGKILL');
      }
    }, 2);
    child.on('error', reject);
    child.on('exit', () => {
      clearInterval(timer);
      resolve(killed);
    });
  });
}

describe('a run killed with SIGKILL', () => {
  it('run again, gives exactly the outputs of an uninterrupted run', async () => {
    const corpus = smallCorpus();
    const reference = tempDir('qingxi-crash-ref-');
    const r = await run(corpus, reference);
    expect(r.code, r.stderr).toBe(0);

    const out = tempDir('qingxi-crash-out-');
    // 1. Killed while preparing (some prepared records stored, no output yet).
    const k1 = await runAndKill(corpus, out, () => count(path.join(out, '.qingxi', 'prepared'), (n) => n.endsWith('.prep')) >= 2);
    // 2. Killed while writing outputs (some articles written).
    const k2 = await runAndKill(corpus, out, () => count(path.join(out, 'articles'), (n) => n.endsWith('.json')) >= 2);
    expect(k1 || k2).toBe(true);
    // 3. Run to the end.
    const last = await run(corpus, out);
    expect(last.code, last.stderr).toBe(0);
    // Work done before the kills was kept.
    if (k1) expect(lastRun(out).work.preparedReused).toBeGreaterThan(0);
    expectSameOutputs(out, reference);
    // No temporary file is left anywhere (outputs or store).
    expect([...readTree(out).keys()].filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
