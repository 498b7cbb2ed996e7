import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { codeFingerprint } from '../src/cache/engine.js';
import { readJson, readTree, runCli, SAMPLE_CORPUS, tempDir, type CliResult } from './helpers.js';

/** Everything a run wrote except its store (.qingxi/): the outputs that must be byte-identical. */
export function outputs(out: string): Map<string, Buffer> {
  return new Map([...readTree(out)].filter(([f]) => !f.startsWith('.qingxi/')));
}

/** Assert two output folders hold the same files with the same bytes. */
export function expectSameOutputs(actual: string, expected: string): void {
  const a = outputs(actual);
  const e = outputs(expected);
  expect([...a.keys()]).toEqual([...e.keys()]);
  for (const [file, bytes] of e) expect(a.get(file)!.equals(bytes), `${file} differs`).toBe(true);
}

export interface LastRun {
  work: { surveyed: number; prepared: number; preparedReused: number; segmented: number; segmentedReused: number; removed: number; discovery: boolean; discoveryDelta?: { removed: number; added: number }; doneIndex?: { markers: number; fullEvidence: number }; corpusOutputs: string[] };
  ids: { prepared: string[]; segmented: string[]; removed: string[] };
  /** Worker time per stage, summed over the articles processed (dictionaryLoad: jieba's dictionary loaded inside segment tasks). */
  stageMs: Record<string, number>;
}

export function lastRun(out: string): LastRun {
  return readJson<LastRun>(path.join(out, '.qingxi', 'last-run.json'));
}

/** `qingxi run` with one worker (the tests run side by side on small machines). */
export async function run(corpus: string, out: string, ...extra: string[]): Promise<CliResult> {
  const r = await runCli(['run', '--corpus', corpus, '--out', out, '--concurrency', '1', ...extra]);
  return r;
}

/**
 * A small corpus of real text: the four sample articles, and a shortened copy of each in another folder (other
 * ids, another site), so that it has 8 articles in 2 sites.
 */
export function smallCorpus(): string {
  const dir = tempDir('qingxi-inc-corpus-');
  cpSync(SAMPLE_CORPUS, path.join(dir, 'a'), { recursive: true });
  mkdirSync(path.join(dir, 'b'));
  for (const f of readdirSync(SAMPLE_CORPUS).sort()) {
    const lines = readFileSync(path.join(SAMPLE_CORPUS, f), 'utf8').split('\n');
    writeFileSync(path.join(dir, 'b', `short-${f}`), lines.slice(0, Math.ceil(lines.length / 3)).join('\n'));
  }
  return dir;
}

/** mtime and inode of every output file (to tell files left alone from files rewritten). */
export function fileStamps(out: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of outputs(out).keys()) {
    const st = statOf(path.join(out, f));
    m.set(f, st);
  }
  return m;
}

function statOf(p: string): string {
  const s = statSync(p, { bigint: true });
  return `${s.ino}:${s.mtimeNs}`;
}

/**
 * Runs reuse results only while the built code is the same (the code is part of every cache key). When dist/ is
 * rebuilt with other code between two runs of a test (several people building in one work tree), assertions
 * about what was reused are skipped; the outputs must still be right.
 */
export function sameBuild(): () => boolean {
  const at = codeFingerprint(true);
  return () => codeFingerprint(true) === at;
}
