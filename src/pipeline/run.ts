import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';
import { Piscina } from 'piscina';
import { loadConfig } from '../config/load.js';
import { GlossaryBuilder } from '../glossary/build.js';
import { collectEvidence } from '../glossary/pairs.js';
import { writeGlossary } from '../glossary/write.js';
import { streamFileAtomic, writeFileAtomic } from '../io/atomic.js';
import { discover, type CorpusFile } from '../io/discover.js';
import type { ReadFailure } from '../io/read.js';
import { alignedTsv, articleJson, articlePaths, articleText } from '../output/article-files.js';
import { PACKAGE_ROOT } from '../version.js';
import type { ArticleRecord } from '../types.js';
import { emptyKnowledge, serializeKnowledge, type WorkerInit } from './knowledge.js';
import type { TaskResult } from './worker.js';

export interface RunOptions {
  corpus: string;
  out: string;
  /** Worker threads (default: the machine's cores). */
  concurrency?: number;
  /** Configuration folder (default: pipeline/ of the current folder, else qingxi's own). */
  pipelineDir?: string;
  /** Called with progress: done and total files. */
  onProgress?: (done: number, total: number, file: string) => void;
}

/** One article's row in output/report.json. */
export interface ReportRow {
  id: string;
  path: string;
  charsIn: number;
  charsOut: number;
  linesIn: number;
  linesRemoved: number;
  removedByRule: Record<string, number>;
  paragraphs: number;
  sentences: number;
  tokens: number;
  warnings: string[];
  timeMs: number;
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
  timeMs: number;
  failures: ReadFailure[];
  /** Milliseconds per stage, summed over articles (worker time). */
  stageMs: Record<string, number>;
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

/** Remove article outputs whose article is gone from the corpus. */
async function removeStale(out: string, keep: Set<string>): Promise<void> {
  for (const [sub, exts] of [
    ['articles', ['.txt', '.json']],
    ['aligned', ['.tsv']],
  ] as const) {
    const dir = path.join(out, sub);
    if (!existsSync(dir)) continue;
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    for (const e of entries) {
      if (!e.isFile()) continue;
      const abs = path.join(e.parentPath, e.name);
      const rel = path.relative(dir, abs).split(path.sep).join('/');
      const ext = exts.find((x) => rel.endsWith(x));
      if (ext === undefined) continue;
      if (!keep.has(rel.slice(0, -ext.length))) await rm(abs, { force: true });
    }
  }
}

function reportRow(rec: ArticleRecord): ReportRow {
  const removedByRule: Record<string, number> = {};
  for (const r of rec.removed) removedByRule[r.rule] = (removedByRule[r.rule] ?? 0) + 1;
  return {
    id: rec.id,
    path: rec.source.path + (rec.source.line !== undefined ? `:${rec.source.line}` : ''),
    charsIn: rec.stats.charsIn,
    charsOut: rec.stats.charsOut,
    linesIn: rec.stats.linesIn,
    linesRemoved: rec.stats.linesRemoved,
    removedByRule: Object.fromEntries(Object.entries(removedByRule).sort(([a], [b]) => (a < b ? -1 : 1))),
    paragraphs: rec.stats.paragraphs,
    sentences: rec.stats.sentences,
    tokens: rec.stats.tokens,
    warnings: rec.warnings,
    timeMs: Math.round(rec.stats.timeMs * 10) / 10,
  };
}

/**
 * Run the pipeline over a corpus folder: every article through the stages on a pool of worker threads, each
 * article's outputs written atomically as soon as it is done, then the corpus-wide outputs (corpus.jsonl,
 * glossary, report) in article-id order, so the output is byte-identical at any concurrency.
 */
export async function runPipeline(opts: RunOptions): Promise<RunSummary> {
  const t0 = performance.now();
  const pipelineDir = opts.pipelineDir ?? defaultPipelineDir();
  const cfg = loadConfig(pipelineDir);
  const concurrency = Math.max(1, opts.concurrency ?? os.availableParallelism());
  const files = await discover(opts.corpus);
  const knowledge = emptyKnowledge();
  const init: WorkerInit = { pipelineDir, knowledge: serializeKnowledge(knowledge), extraWords: [] };
  const pool = new Piscina({ filename: workerFile(), minThreads: concurrency, maxThreads: concurrency, workerData: init, idleTimeout: 1000 });
  const io = pLimit(8);
  const failures: ReadFailure[] = [];
  const rows: ReportRow[] = [];
  const ids = new Map<string, string>();
  const glossary = new GlossaryBuilder(cfg.config.glossary.minCount);
  const evidence = new Map<string, ReturnType<typeof collectEvidence>>();
  const stageMs: Record<string, number> = {};
  let done = 0;

  const handle = async (file: CorpusFile, result: TaskResult) => {
    failures.push(...result.failures);
    const writes: Promise<void>[] = [];
    for (const rec of result.records) {
      const prior = ids.get(rec.id);
      if (prior !== undefined) {
        failures.push({ path: rec.source.path, line: rec.source.line, id: rec.id, reason: `id ${JSON.stringify(rec.id)} is already used by ${prior}` });
        continue;
      }
      ids.set(rec.id, rec.source.path + (rec.source.line !== undefined ? `:${rec.source.line}` : ''));
      const p = articlePaths(opts.out, rec.id);
      writes.push(io(() => writeFileAtomic(p.txt, articleText(rec))));
      writes.push(io(() => writeFileAtomic(p.json, articleJson(rec))));
      writes.push(io(() => writeFileAtomic(p.tsv, alignedTsv(rec))));
      rows.push(reportRow(rec));
      evidence.set(rec.id, collectEvidence(rec));
      for (const [k, v] of Object.entries(rec.stats.stageMs)) stageMs[k] = (stageMs[k] ?? 0) + v;
    }
    await Promise.all(writes);
    done++;
    opts.onProgress?.(done, files.length, file.rel);
  };

  // Bound the files in flight so memory stays flat however large the corpus is.
  const inflight = pLimit(concurrency * 2);
  try {
    await Promise.all(
      files.map((file) =>
        inflight(async () => {
          let result: TaskResult;
          try {
            result = (await pool.run(file)) as TaskResult;
          } catch (e) {
            result = { records: [], failures: [{ path: file.rel, reason: `crashed the worker: ${(e as Error).message}` }] };
          }
          await handle(file, result);
        }),
      ),
    );
  } finally {
    await pool.destroy();
  }

  // Corpus-wide outputs, in id order.
  const sortedIds = [...ids.keys()].sort();
  rows.sort((a, b) => (a.id < b.id ? -1 : 1));
  for (const id of sortedIds) glossary.add(id, evidence.get(id) ?? []);
  await streamFileAtomic(path.join(opts.out, 'corpus.jsonl'), async (write) => {
    for (const id of sortedIds) {
      const rec = JSON.parse(await readFile(articlePaths(opts.out, id).json, 'utf8')) as ArticleRecord;
      const text = await readFile(articlePaths(opts.out, id).txt, 'utf8');
      await write(`${JSON.stringify({ id, text, meta: { ...rec.meta, source: rec.source } })}\n`);
    }
  });
  await writeGlossary(opts.out, glossary.entries());
  await removeStale(opts.out, new Set(sortedIds));

  failures.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : (a.line ?? 0) - (b.line ?? 0)));
  const summary: RunSummary = {
    files: files.length,
    articles: rows.length,
    failed: failures.filter((f) => !isSkip(f)).length,
    skipped: failures.filter(isSkip).length,
    charsIn: rows.reduce((n, r) => n + r.charsIn, 0),
    charsOut: rows.reduce((n, r) => n + r.charsOut, 0),
    linesRemoved: rows.reduce((n, r) => n + r.linesRemoved, 0),
    sentences: rows.reduce((n, r) => n + r.sentences, 0),
    tokens: rows.reduce((n, r) => n + r.tokens, 0),
    warnings: rows.reduce((n, r) => n + r.warnings.length, 0),
    timeMs: 0,
    failures,
    stageMs,
  };
  summary.timeMs = Math.round(performance.now() - t0);
  const { failures: _f, stageMs: _s, ...totals } = summary;
  await writeFileAtomic(
    path.join(opts.out, 'report.json'),
    `${JSON.stringify({ totals, failures, articles: rows }, null, 1)}\n`,
  );
  return summary;
}
