import { existsSync } from 'node:fs';
import { readdir, readFile, rm, rmdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';
import { Piscina } from 'piscina';
import { loadConfig } from '../config/load.js';
import { GlossaryBuilder, TermDiscovery, termsForSegmenter, writeGlossary, type TermEvidence } from '../glossary/index.js';
import { streamFileAtomic, writeFileAtomic } from '../io/atomic.js';
import { discover, type CorpusFile } from '../io/discover.js';
import type { ReadFailure } from '../io/read.js';
import { articlePaths } from '../output/article-files.js';
import type { ArticleRecord } from '../types.js';
import { PACKAGE_ROOT } from '../version.js';
import { serializeKnowledge, TemplateCounter } from './knowledge.js';
import type { PrepareResult, ReportRow, SegmentResult, SurveyResult, Task } from './tasks.js';
import type { WorkerInit } from './worker.js';

export type { ReportRow } from './tasks.js';

export interface RunOptions {
  corpus: string;
  out: string;
  /** Worker threads (default: the machine's cores). */
  concurrency?: number;
  /** Configuration folder (default: pipeline/ of the current folder, else qingxi's own). */
  pipelineDir?: string;
  /** Called with progress: phase, done and total. */
  onProgress?: (done: number, total: number, what: string) => void;
}

export interface RunSummary {
  files: number;
  articles: number;
  failed: number;
  skipped: number;
  charsIn: number;
  charsOut: number;
  linesRemoved: number;
  sentences: number;
  tokens: number;
  warnings: number;
  /** Words the corpus added to the segmenter's dictionary. */
  termsAdded: number;
  timeMs: number;
  failures: ReadFailure[];
  /** Milliseconds per stage, summed over articles (worker time). */
  stageMs: Record<string, number>;
  /** Wall-clock milliseconds per phase. */
  phaseMs: Record<string, number>;
}

export function defaultPipelineDir(): string {
  const local = path.resolve('pipeline');
  return existsSync(path.join(local, 'pipeline.json')) ? local : path.join(PACKAGE_ROOT, 'pipeline');
}

/** The compiled worker (tests import src/ directly, but threads run the built JavaScript). */
function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) return path.join(path.dirname(here), 'worker.js');
  return path.join(PACKAGE_ROOT, 'dist', 'src', 'pipeline', 'worker.js');
}

function isSkip(f: ReadFailure): boolean {
  return f.reason.startsWith('skipped:');
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Remove article outputs whose article is gone from the corpus. */
async function removeStale(out: string, keep: Set<string>): Promise<void> {
  for (const [sub, exts] of [
    ['articles', ['.txt', '.json']],
    ['aligned', ['.tsv']],
  ] as const) {
    const dir = path.join(out, sub);
    if (!existsSync(dir)) continue;
    for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (!e.isFile()) continue;
      const abs = path.join(e.parentPath, e.name);
      const rel = path.relative(dir, abs).split(path.sep).join('/');
      const ext = exts.find((x) => rel.endsWith(x));
      if (ext !== undefined && !keep.has(rel.slice(0, -ext.length))) await rm(abs, { force: true });
    }
  }
}

/** Run `items` through `fn` with at most `limit` in flight, reporting progress. */
async function phase<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>, progress: (done: number) => void): Promise<R[]> {
  const gate = pLimit(limit);
  let done = 0;
  return Promise.all(
    items.map((item) =>
      gate(async () => {
        const r = await fn(item);
        progress(++done);
        return r;
      }),
    ),
  );
}

/**
 * Run the pipeline over a corpus folder, on a pool of worker threads, in three phases separated by corpus-wide
 * barriers: survey (line keys for template chrome), prepare (every stage up to `convert`; term statistics), and
 * segment (with the terms the corpus taught the segmenter; per-article outputs written atomically). Corpus-wide
 * outputs (corpus.jsonl, glossary, report) are written last, in article-id order, so the output is
 * byte-identical at any concurrency.
 */
export async function runPipeline(opts: RunOptions): Promise<RunSummary> {
  const t0 = performance.now();
  const phaseMs: Record<string, number> = {};
  const pipelineDir = opts.pipelineDir ?? defaultPipelineDir();
  const cfg = loadConfig(pipelineDir);
  const concurrency = Math.max(1, opts.concurrency ?? os.availableParallelism());
  const work = path.join(opts.out, '.qingxi', 'run');
  await rm(work, { recursive: true, force: true });
  const files = await discover(opts.corpus);
  const init: WorkerInit = { pipelineDir };
  const pool = new Piscina({ filename: workerFile(), minThreads: concurrency, maxThreads: concurrency, workerData: init, idleTimeout: 10_000 });
  const run = async <R>(t: Task): Promise<R> => (await pool.run(t)) as R;
  const inflight = concurrency * 2;
  const failures: ReadFailure[] = [];
  const progress = (what: string, total: number) => (done: number) => opts.onProgress?.(done, total, what);

  try {
    // 1. Survey: articles, ids, and line keys for template chrome.
    let t = performance.now();
    const surveyed = await phase(
      files,
      inflight,
      (file) =>
        run<SurveyResult>({ kind: 'survey', file }).catch(
          (e: Error): SurveyResult => ({ docs: [], failures: [{ path: file.rel, reason: `crashed the worker: ${e.message}` }] }),
        ),
      progress('survey', files.length),
    );
    const owner = new Map<string, string>();
    const skipIds = new Map<string, string[]>();
    const counter = new TemplateCounter();
    const toPrepare: CorpusFile[] = [];
    surveyed.forEach((s, i) => {
      failures.push(...s.failures);
      const file = files[i]!;
      const skip: string[] = [];
      for (const d of s.docs) {
        const where = d.path + (d.line !== undefined ? `:${d.line}` : '');
        const prior = owner.get(d.id);
        if (prior !== undefined) {
          skip.push(d.id);
          failures.push({ path: d.path, line: d.line, id: d.id, reason: `id ${JSON.stringify(d.id)} is already used by ${prior}` });
          continue;
        }
        owner.set(d.id, where);
        counter.add(d.site, d.keys);
      }
      if (s.docs.length > skip.length) toPrepare.push(file);
      if (skip.length) skipIds.set(file.rel, skip);
    });
    const knowledgeFile = path.join(work, 'knowledge.json');
    await writeFileAtomic(knowledgeFile, JSON.stringify(serializeKnowledge(counter.knowledge(cfg.config.chrome.templateMinArticles))));
    phaseMs.survey = performance.now() - t;

    // 2. Prepare: every stage up to `convert`; term statistics for discovery.
    t = performance.now();
    const discovery = new TermDiscovery(cfg.config.glossary);
    const prepared: string[] = [];
    const preparedResults = await phase(
      toPrepare,
      inflight,
      (file) =>
        run<PrepareResult>({ kind: 'prepare', file, skipIds: skipIds.get(file.rel) ?? [], knowledgeFile, workDir: work }).catch(
          (e: Error): PrepareResult => ({ articles: [], failures: [{ path: file.rel, reason: `crashed the worker: ${e.message}` }] }),
        ),
      progress('prepare', toPrepare.length),
    );
    // Merge in corpus order, whatever order the workers finished in.
    for (const r of preparedResults) {
      failures.push(...r.failures);
      for (const a of r.articles) prepared.push(a.id);
    }
    prepared.sort(cmp);
    const statsById = new Map(preparedResults.flatMap((r) => r.articles.map((a) => [a.id, a.stats] as const)));
    for (const id of prepared) discovery.add(id, statsById.get(id)!);
    statsById.clear();
    const discovered = discovery.discover();
    const terms = termsForSegmenter(discovered);
    const termsFile = path.join(work, 'terms.json');
    await writeFileAtomic(termsFile, JSON.stringify(terms));
    phaseMs.prepare = performance.now() - t;

    // 3. Segment and write each article.
    t = performance.now();
    const segmented = await phase(
      prepared,
      inflight,
      (id) =>
        run<SegmentResult>({ kind: 'segment', id, workDir: work, out: opts.out, termsFile }).catch(
          (e: Error): SegmentResult => ({ ok: false, failure: { path: id, id, reason: `crashed the worker: ${e.message}` } }),
        ),
      progress('segment', prepared.length),
    );
    phaseMs.segment = performance.now() - t;

    // 4. Corpus-wide outputs, in id order.
    t = performance.now();
    const rows: ReportRow[] = [];
    const stageMs: Record<string, number> = {};
    const glossary = new GlossaryBuilder(cfg.config.glossary, discovered);
    const written: string[] = [];
    segmented.forEach((r, i) => {
      if (!r.ok) {
        failures.push(r.failure);
        return;
      }
      written.push(prepared[i]!);
      rows.push(r.row);
      glossary.add(prepared[i]!, r.evidence as TermEvidence[]);
      for (const [k, v] of Object.entries(r.stageMs)) stageMs[k] = (stageMs[k] ?? 0) + v;
    });
    await streamFileAtomic(path.join(opts.out, 'corpus.jsonl'), async (write) => {
      for (const id of written) {
        const p = articlePaths(opts.out, id);
        const rec = JSON.parse(await readFile(p.json, 'utf8')) as ArticleRecord;
        const text = await readFile(p.txt, 'utf8');
        await write(`${JSON.stringify({ id, text, meta: { ...rec.meta, source: rec.source } })}\n`);
      }
    });
    await writeGlossary(opts.out, glossary.entries());
    await removeStale(opts.out, new Set(written));
    phaseMs.corpus = performance.now() - t;

    failures.sort((a, b) => cmp(a.path, b.path) || (a.line ?? 0) - (b.line ?? 0) || cmp(a.reason, b.reason));
    const sum = (f: (r: ReportRow) => number) => rows.reduce((n, r) => n + f(r), 0);
    const summary: RunSummary = {
      files: files.length,
      articles: rows.length,
      failed: failures.filter((f) => !isSkip(f)).length,
      skipped: failures.filter(isSkip).length,
      charsIn: sum((r) => r.charsIn),
      charsOut: sum((r) => r.charsOut),
      linesRemoved: sum((r) => r.linesRemoved),
      sentences: sum((r) => r.sentences),
      tokens: sum((r) => r.tokens),
      warnings: sum((r) => r.warnings.length),
      termsAdded: terms.length,
      timeMs: Math.round(performance.now() - t0),
      failures,
      stageMs,
      phaseMs,
    };
    const { failures: _f, stageMs: _s, phaseMs: _p, timeMs, ...totals } = summary;
    await writeFileAtomic(
      path.join(opts.out, 'report.json'),
      `${JSON.stringify({ totals, failures, articles: rows, timeMs }, null, 1)}\n`,
    );
    return summary;
  } finally {
    await pool.destroy();
    await rm(work, { recursive: true, force: true });
    await rmdir(path.dirname(work)).catch(() => undefined); // .qingxi/, when nothing else lives there
  }
}
