/**
 * Incremental runs (issue 5): a 2,000-article corpus (bench/corpus.ts), then
 *   1. a full run into an empty output folder,
 *   2. the same run again with no change,
 *   3. the run again after adding one article,
 * each the built CLI (`node bin/qingxi.js run`) in a child process, timed from spawn to exit. Target: runs 2 and 3
 * take at most 5% of run 1. Also times `qingxi add` (the first builds the duplicate index of the corpus, the
 * second uses it).
 *
 *   node dist/bench/incremental.js [--articles 2000] [--seed 1] [--workers N] [--keep] [--json file]
 *
 * Run by `npm run bench` (bench/run.ts) through `runIncrementalBench`, or alone as above.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../src/version.js';
import { buildBenchCorpus } from './corpus.js';

const CLI = path.join(PACKAGE_ROOT, 'bin', 'qingxi.js');

export interface IncrementalOptions {
  articles?: number;
  seed?: number;
  /** Worker threads of each run (default: the machine's cores). */
  workers?: number;
  /** Keep the temporary folder (corpus and outputs). */
  keep?: boolean;
  log?: (line: string) => void;
}

export interface StepResult {
  step: string;
  /** Wall-clock milliseconds, spawn to exit. */
  ms: number;
  /** Share of the full run's time. */
  ofFull: number;
  exitCode: number | null;
  /** What the run did (from .qingxi/last-run.json). */
  work?: Record<string, unknown>;
  phaseMs?: Record<string, number>;
}

export interface IncrementalResult {
  articles: number;
  workers: number;
  steps: StepResult[];
  /** Both re-runs within 5% of the full run. */
  targetMet: boolean;
  add: { step: string; ms: number; exitCode: number | null }[];
}

function child(args: string[]): Promise<{ ms: number; code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    const err: Buffer[] = [];
    p.stderr.on('data', (b: Buffer) => err.push(b));
    p.on('error', reject);
    p.on('close', (code) => resolve({ ms: performance.now() - t0, code, stderr: Buffer.concat(err).toString('utf8') }));
  });
}

/** The corpus file the builder wrote last (the highest sequence number). */
function lastArticle(corpus: string): string {
  const files = readdirSync(corpus, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(corpus, path.join(e.parentPath, e.name)));
  const seq = (f: string) => Number(/(?:^|\/)(\d+)-[^/]*$/.exec(f.split(path.sep).join('/'))?.[1] ?? -1);
  return files.reduce((a, b) => (seq(b) > seq(a) ? b : a));
}

export async function runIncrementalBench(opts: IncrementalOptions = {}): Promise<IncrementalResult> {
  const n = opts.articles ?? 2000;
  const workers = opts.workers ?? os.availableParallelism();
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'qingxi-incremental-'));
  try {
    const corpus = path.join(tmp, 'corpus');
    const out = path.join(tmp, 'out');
    const held = path.join(tmp, 'held');
    // One article more than the corpus holds; the last one is held back and added for step 3.
    log(`incremental: building a corpus of ${n} + 1 articles in ${corpus}`);
    await buildBenchCorpus(corpus, { articles: n + 1, seed: opts.seed ?? 1 });
    const extra = lastArticle(corpus);
    mkdirSync(held, { recursive: true });
    renameSync(path.join(corpus, extra), path.join(held, 'extra'));

    const steps: StepResult[] = [];
    const run = async (step: string) => {
      const r = await child(['run', '--corpus', corpus, '--out', out, '--concurrency', String(workers)]);
      if (r.code !== 0 && r.code !== 1) throw new Error(`incremental: ${step} exited with ${r.code}\n${r.stderr}`);
      const lastRun = path.join(out, '.qingxi', 'last-run.json');
      const rec = existsSync(lastRun) ? (JSON.parse(readFileSync(lastRun, 'utf8')) as { work?: Record<string, unknown>; phaseMs?: Record<string, number> }) : {};
      const full = steps[0]?.ms ?? r.ms;
      const s: StepResult = { step, ms: r.ms, ofFull: r.ms / full, exitCode: r.code, work: rec.work, phaseMs: rec.phaseMs };
      steps.push(s);
      log(`incremental: ${step}: ${(r.ms / 1000).toFixed(2)} s (${(s.ofFull * 100).toFixed(1)}% of the full run) ${JSON.stringify(rec.work ?? {})}`);
    };
    // qingxi's user-level cache (src/cache/user-cache.ts) here, filled first by a run over one article, as any
    // earlier run on the machine leaves it: the full run then measures the corpus, not the first run ever.
    process.env.QINGXI_CACHE_DIR = path.join(tmp, 'user-cache');
    const primeCorpus = path.join(tmp, 'prime');
    mkdirSync(primeCorpus);
    writeFileSync(path.join(primeCorpus, `one${path.extname(extra)}`), readFileSync(path.join(held, 'extra')));
    await child(['run', '--corpus', primeCorpus, '--out', path.join(tmp, 'prime-out'), '--concurrency', '1']);
    await run(`full run (${n} articles)`);
    await run('no change');
    renameSync(path.join(held, 'extra'), path.join(corpus, extra));
    await run(`1 article added (${extra.split(path.sep).join('/')})`);

    // qingxi add: an article with new text (a page's text with a paragraph of its own), twice.
    const add: IncrementalResult['add'] = [];
    const page = readFileSync(path.join(corpus, extra), 'utf8');
    for (const [i, step] of ['add (first: indexes the corpus)', 'add (index in the store)'].entries()) {
      const f = path.join(held, `new-${i}.txt`);
      writeFileSync(f, `${page.replace(/<[^>]*>/g, '\n')}\n这是第${i + 1}篇新增文章独有的一段文字，用来让它与语料中的文章不同。\n`);
      const r = await child(['add', f, '--corpus', corpus, '--out', out, '--force']);
      add.push({ step, ms: r.ms, exitCode: r.code });
      log(`incremental: ${step}: ${(r.ms / 1000).toFixed(2)} s (exit ${r.code})`);
    }
    const targetMet = steps.slice(1).every((s) => s.ofFull <= 0.05);
    log(`incremental: target (re-runs <= 5% of the full run) ${targetMet ? 'met' : 'NOT met'}`);
    return { articles: n, workers, steps, targetMet, add };
  } finally {
    if (opts.keep) log(`incremental: kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
}

/** Markdown table of a result. */
export function incrementalTable(r: IncrementalResult): string {
  const rows = ['| step | time (s) | share of the full run | articles cleaned / segmented / left as they were |', '|---|---:|---:|---|'];
  for (const s of r.steps) {
    const w = (s.work ?? {}) as { prepared?: number; segmented?: number; segmentedReused?: number };
    rows.push(`| ${s.step} | ${(s.ms / 1000).toFixed(2)} | ${(s.ofFull * 100).toFixed(1)}% | ${w.prepared ?? '?'} / ${w.segmented ?? '?'} / ${w.segmentedReused ?? '?'} |`);
  }
  for (const a of r.add) rows.push(`| ${a.step} | ${(a.ms / 1000).toFixed(2)} | | |`);
  return rows.join('\n');
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const r = await runIncrementalBench({
    articles: arg('articles') !== undefined ? Number(arg('articles')) : undefined,
    seed: arg('seed') !== undefined ? Number(arg('seed')) : undefined,
    workers: arg('workers') !== undefined ? Number(arg('workers')) : undefined,
    keep: process.argv.includes('--keep'),
  });
  process.stdout.write(`${incrementalTable(r)}\n`);
  const json = arg('json');
  if (json) writeFileSync(json, `${JSON.stringify(r, null, 1)}\n`);
  process.exitCode = r.targetMet ? 0 : 1;
}
