import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { workerData } from 'node:worker_threads';
import { VFile } from 'vfile';
import type { Processor } from 'unified';
import type { Root } from 'nlcst';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { templateKeys } from '../chrome/template.js';
import { collectEvidence, termStatsOf } from '../glossary/index.js';
import { writeFileAtomic } from '../io/atomic.js';
import { readCorpusFile } from '../io/read.js';
import { alignedTsv, articleJson, articlePaths, articleText } from '../output/article-files.js';
import { siteOf, type StageContext } from '../stages/context.js';
import type { ArticleRecord } from '../types.js';
import { processArticle } from './article.js';
import { deserializeKnowledge, emptyKnowledge, type SerializedKnowledge } from './knowledge.js';
import { createProcessors, createStageRunner, type Processors } from './processor.js';
import { preparedPath, tokensIntoRecord, treeOfRecord } from './prepared.js';
import { reportRow } from './report.js';
import type { PrepareResult, PrepareTask, SegmentResult, SegmentTask, SurveyResult, SurveyTask, Task } from './tasks.js';

/** What every worker is started with. */
export interface WorkerInit {
  pipelineDir: string;
}

let config: LoadedConfig | undefined;
function cfg(): LoadedConfig {
  config ??= loadConfig((workerData as WorkerInit).pipelineDir);
  return config;
}

// Per-phase state, built on the first task of a phase and kept for the rest of it.
let prepare: { file: string; procs: Processors } | undefined;
let segment: { file: string; runner: Processor<Root, Root, Root> } | undefined;

function prepareProcessors(knowledgeFile: string): Processors {
  if (prepare?.file !== knowledgeFile) {
    const knowledge = JSON.parse(readFileSync(knowledgeFile, 'utf8')) as SerializedKnowledge;
    const ctx: StageContext = { config: cfg(), corpus: deserializeKnowledge(knowledge) };
    prepare = { file: knowledgeFile, procs: createProcessors(ctx, ['segment']) };
  }
  return prepare.procs;
}

function segmentRunner(termsFile: string): Processor<Root, Root, Root> {
  if (segment?.file !== termsFile) {
    const extraWords = JSON.parse(readFileSync(termsFile, 'utf8')) as string[];
    const ctx: StageContext = { config: cfg(), corpus: emptyKnowledge(), extraWords };
    segment = { file: termsFile, runner: createStageRunner(ctx, ['segment']) };
  }
  return segment.runner;
}

async function survey(t: SurveyTask): Promise<SurveyResult> {
  const { docs, failures } = await readCorpusFile(t.file);
  return {
    docs: docs.map((d) => ({ id: d.id, path: d.path, line: d.line, site: siteOf(d), keys: templateKeys(d) })),
    failures,
  };
}

async function prepareFile(t: PrepareTask): Promise<PrepareResult> {
  const procs = prepareProcessors(t.knowledgeFile);
  const { docs } = await readCorpusFile(t.file);
  const skip = new Set(t.skipIds);
  const result: PrepareResult = { articles: [], failures: [] };
  for (const doc of docs) {
    if (skip.has(doc.id)) continue;
    try {
      const rec = processArticle(doc, procs);
      await writeFileAtomic(preparedPath(t.workDir, doc.id), JSON.stringify(rec));
      result.articles.push({ id: doc.id, stats: termStatsOf(rec) });
    } catch (e) {
      result.failures.push({ path: doc.path, line: doc.line, id: doc.id, reason: `failed in processing: ${(e as Error).stack ?? String(e)}` });
    }
  }
  return result;
}

async function segmentArticle(t: SegmentTask): Promise<SegmentResult> {
  let rec: ArticleRecord | undefined;
  try {
    rec = JSON.parse(await readFile(preparedPath(t.workDir, t.id), 'utf8')) as ArticleRecord;
    const runner = segmentRunner(t.termsFile);
    const file = new VFile({ path: rec.source.path });
    file.data.article = { source: { ...rec.source, id: rec.id, content: '', html: false, meta: {}, warnings: [] }, meta: rec.meta, removed: [], stageMs: {}, linesIn: 0 };
    const t0 = performance.now();
    const tree = runner.runSync(treeOfRecord(rec), file) as Root;
    tokensIntoRecord(rec, tree);
    const ms = performance.now() - t0;
    const stageMs = { ...rec.stats.stageMs, ...file.data.article.stageMs };
    rec.stats.stageMs = stageMs;
    rec.stats.timeMs += ms;
    for (const m of file.messages) rec.warnings.push(`${rec.source.path}: ${m.reason}`);
    rec.stats.warnings = rec.warnings.length;
    const p = articlePaths(t.out, rec.id);
    const tw = performance.now();
    await Promise.all([
      writeFileAtomic(p.txt, articleText(rec)),
      writeFileAtomic(p.json, articleJson(rec)),
      writeFileAtomic(p.tsv, alignedTsv(rec)),
    ]);
    stageMs.write = performance.now() - tw;
    return { ok: true, row: reportRow(rec), evidence: collectEvidence(rec), stageMs };
  } catch (e) {
    return {
      ok: false,
      failure: { path: rec?.source.path ?? t.id, line: rec?.source.line, id: t.id, reason: `failed in segmentation or writing: ${(e as Error).stack ?? String(e)}` },
    };
  }
}

/** Piscina entry point. */
export default async function task(t: Task): Promise<SurveyResult | PrepareResult | SegmentResult> {
  switch (t.kind) {
    case 'survey':
      return survey(t);
    case 'prepare':
      return prepareFile(t);
    case 'segment':
      return segmentArticle(t);
  }
}
