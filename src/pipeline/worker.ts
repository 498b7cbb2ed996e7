import { workerData } from 'node:worker_threads';
import { VFile } from 'vfile';
import type { Processor } from 'unified';
import type { Root } from 'nlcst';
import { docKeyOf, failedPrepKeyOf, prepKeyOf, segKeyOf } from '../cache/keys.js';
import { readJsonSync, removeSync, Store } from '../cache/store.js';
import { matchText, TermMatcher } from '../cache/terms.js';
import type { LoadedConfig } from '../config/loaded.js';
// (The glossary's modules one by one: its index also loads the writers, which a worker loads when it writes them.)
import { collectEvidence } from '../glossary/evidence.js';
import { serializeEvidence } from '../glossary/evidence-store.js';
import { termStatsOf } from '../glossary/stats.js';
import { tbxConceptsFile } from '../glossary/tbx-file.js';
import { writeCorpusJsonl } from '../output/corpus-jsonl.js';
import { writeFileAtomic } from '../io/atomic.js';
import { readCorpusFile } from '../io/read.js';
import { alignedTsv, articleFilesExist, articleJson, articlePaths, articleText } from '../output/article-files.js';
import type { StageContext } from '../stages/context.js';
import { warmSegmenter } from '../stages/segment.js';
import { FROM_LOCALES, toSimplified } from '../text/convert.js';
import { dictionaryLoadMs } from '../text/segment.js';
import type { ArticleRecord } from '../types.js';
import { processArticle } from './article.js';
import { depsOf, deserializeKnowledge, emptyKnowledge, KnowledgeTracker, summaryOf, trackedKnowledge, type SerializedKnowledge } from './knowledge.js';
import { createProcessors, createStageRunner, type Processors } from './processor.js';
import { markerText, readMarkerSync } from './marker.js';
import { preparedFile, preparedText, readPreparedSync, tokensIntoRecord, treeOfRecord } from './prepared.js';
import { reportRow } from './report.js';
import { survey } from './survey.js';
import type {
  DoneMarker,
  PrepareResult,
  PrepareTask,
  PrepVariant,
  SegmentResult,
  SegmentTask,
  SurveyResult,
  Task,
} from './tasks.js';

/** What every worker is started with. */
export interface WorkerInit {
  /** The run's configuration, loaded and validated by the main thread (workers do not load the validator). */
  config: LoadedConfig;
}

/** Prepared variants kept per article (different knowledge can give different results; the newest first). */
const MAX_VARIANTS = 4;

function cfg(): LoadedConfig {
  return (workerData as WorkerInit).config;
}

function addMs(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

// Per-phase state, built on the first task of a phase and kept for the rest of it.
let prepare: { key: string; procs: Processors; tracker: KnowledgeTracker; knowledge: SerializedKnowledge } | undefined;
let segment: { termsHash: string; runner: Processor<Root, Root, Root>; matcher: TermMatcher } | undefined;

function prepareState(store: Store, knowledgeKey: string): NonNullable<typeof prepare> {
  if (prepare?.key !== knowledgeKey) {
    const knowledge = readJsonSync<SerializedKnowledge>(store.file('knowledge', `${knowledgeKey}.json`));
    if (!knowledge) throw new Error(`corpus knowledge ${knowledgeKey} is missing from ${store.root}`);
    const tracker = new KnowledgeTracker();
    const ctx: StageContext = { config: cfg(), corpus: trackedKnowledge(deserializeKnowledge(knowledge), tracker) };
    prepare = { key: knowledgeKey, procs: createProcessors(ctx, ['segment']), tracker, knowledge };
  }
  return prepare;
}

function segmentState(store: Store, termsHash: string): NonNullable<typeof segment> {
  if (segment?.termsHash !== termsHash) {
    const terms = readJsonSync<string[]>(store.file('termlists', `${termsHash}.json`));
    if (!terms) throw new Error(`term list ${termsHash} is missing from ${store.root}`);
    // The runner's segment stage shares the thread's segmenter for this configuration: the terms are inserted
    // into its loaded dictionary (src/stages/segment.ts segmenterFor), not loaded with it again.
    const ctx: StageContext = { config: cfg(), corpus: emptyKnowledge(), extraWords: terms };
    segment = { termsHash, runner: createStageRunner(ctx, ['segment']), matcher: new TermMatcher(terms) };
  }
  return segment;
}

/** Record a prepared variant of an article (read-modify-write: one article is prepared by one task at a time). */
async function saveVariant(store: Store, docKey: string, v: PrepVariant): Promise<void> {
  const file = store.keyed('prep', docKey);
  const old = readJsonSync<{ variants: PrepVariant[] }>(file)?.variants ?? [];
  const variants = [v, ...old.filter((o) => o.prepKey !== v.prepKey)].slice(0, MAX_VARIANTS);
  await writeFileAtomic(file, JSON.stringify({ variants }));
}

async function prepareFile(t: PrepareTask): Promise<PrepareResult> {
  const store = new Store(t.store.out);
  const { procs, tracker, knowledge } = prepareState(store, t.knowledgeKey);
  const { docs } = await readCorpusFile(t.file);
  const want = new Map(t.articles.map((a) => [a.id, a.docKey]));
  const result: PrepareResult = { articles: [], failures: [], stageMs: {} };
  for (const doc of docs) {
    const expected = want.get(doc.id);
    if (expected === undefined) continue;
    want.delete(doc.id);
    const docKey = docKeyOf(t.store.engine, doc);
    if (docKey !== expected) {
      result.failures.push({ path: doc.path, line: doc.line, id: doc.id, reason: 'changed while the run was reading it; run again' });
      continue;
    }
    tracker.begin();
    let rec: ArticleRecord | undefined;
    let error: unknown;
    try {
      rec = processArticle(doc, procs);
    } catch (e) {
      error = e;
    }
    const recorded = tracker.end();
    if (rec === undefined) {
      // A failure depends on everything: any change to the knowledge retries it.
      const deps = { all: knowledge.hash!, sites: [] };
      const prepKey = failedPrepKeyOf(docKey, deps.all);
      const reason = `failed in processing: ${(error as Error)?.stack ?? String(error)}`;
      await saveVariant(store, docKey, { prepKey, deps, failed: reason });
      result.articles.push({ id: doc.id, ok: false, prepKey, summary: summaryOf(deps, knowledge), failure: { path: doc.path, line: doc.line, id: doc.id, reason } });
      continue;
    }
    const deps = depsOf(recorded, knowledge);
    const prepKey = prepKeyOf(docKey, JSON.stringify(deps));
    const tt = performance.now();
    const stats = t.withStats ? termStatsOf(rec) : undefined;
    const statsMs = performance.now() - tt;
    const ts = performance.now();
    const text = matchText(rec.paragraphs.flatMap((p) => p.sentences.map((s) => s.text)));
    const stored = preparedText(text, rec);
    // (The thread's own time: the writes below wait for libuv's pool while the thread runs another task, and that
    // wait is no stage's time.)
    const storeMs = performance.now() - ts;
    await writeFileAtomic(preparedFile(store, prepKey), stored);
    // The variant is written last: it is what says the prepared file exists.
    await saveVariant(store, docKey, { prepKey, deps });
    addMs(result.stageMs, { ...rec.stats.stageMs, termStats: statsMs, store: storeMs });
    result.articles.push({ id: doc.id, ok: true, prepKey, summary: summaryOf(deps, knowledge), ...(stats ? { stats } : {}) });
  }
  for (const id of want.keys()) result.failures.push({ path: t.file.rel, id, reason: 'is no longer in the file; run again' });
  return result;
}

async function segmentArticle(t: SegmentTask): Promise<SegmentResult> {
  prepare = undefined;
  const store = new Store(t.store.out);
  const prepared = readPreparedSync(preparedFile(store, t.prepKey));
  if (prepared === undefined) return { ok: false, missing: 'prepared', id: t.id };
  const { record: rec, text } = prepared;
  const { runner, matcher } = segmentState(store, t.termsHash);
  const matched = matcher.match(text);
  const segKey = segKeyOf(t.prepKey, matched);
  const markerFile = store.done(t.id);
  const stored = readMarkerSync(markerFile);
  const old = stored?.marker;
  const p = articlePaths(t.store.out, t.id);
  if (old && !old.failed && stored.evidence !== undefined && old.prepKey === t.prepKey && old.segKey === segKey && articleFilesExist(t.store.out, t.id)) {
    // The new terms do not touch this article: its outputs (and evidence) stand.
    const marker: DoneMarker = { ...old, termsHash: t.termsHash, matched };
    const evidenceText = stored.evidence.toString('utf8');
    await writeFileAtomic(markerFile, markerText(marker, evidenceText));
    return { ok: true, marker, reused: true, stageMs: {}, ...(t.withEvidence ? { evidenceText } : {}) };
  }
  // From here on the output files change: no marker may vouch for them until they are all written.
  removeSync(markerFile);
  const base = { id: t.id, prepKey: t.prepKey, termsHash: t.termsHash, segKey, matched };
  try {
    const file = new VFile({ path: rec.source.path });
    file.data.article = { source: { ...rec.source, id: rec.id, content: '', html: false, meta: {}, warnings: [] }, meta: rec.meta, removed: [], stageMs: {}, linesIn: 0 };
    const t0 = performance.now();
    const loaded0 = dictionaryLoadMs();
    const tree = runner.runSync(treeOfRecord(rec), file) as Root;
    tokensIntoRecord(rec, tree);
    const ms = performance.now() - t0;
    const stageMs: Record<string, number> = { ...file.data.article.stageMs };
    rec.stats.stageMs = { ...rec.stats.stageMs, ...stageMs };
    rec.stats.timeMs += ms;
    // Part of the segment stage's time: loading jieba's dictionary, when the thread had not loaded it before this
    // task (a warm thread has; it loads again only when a glossary term is dropped). Reported with the
    // run's stage times, not in the article's record.
    const loadedMs = dictionaryLoadMs() - loaded0;
    if (loadedMs > 0) stageMs.dictionaryLoad = loadedMs;
    for (const m of file.messages) rec.warnings.push(`${rec.source.path}: ${m.reason}`);
    rec.stats.warnings = rec.warnings.length;
    // The three files at once, created by libuv's pool while this thread computes the evidence (and other tasks).
    // The stage times are the thread's own: serialising here, not the wait for the disk.
    const tw = performance.now();
    const writing = Promise.all([writeFileAtomic(p.txt, articleText(rec)), writeFileAtomic(p.json, articleJson(rec)), writeFileAtomic(p.tsv, alignedTsv(rec))]);
    writing.catch(() => undefined); // (awaited below; this only keeps a throw in between from leaving it unhandled)
    stageMs.write = performance.now() - tw;
    const te = performance.now();
    const evidence = collectEvidence(rec);
    stageMs.evidence = performance.now() - te;
    const ts = performance.now();
    const evidenceText = serializeEvidence(t.id, evidence);
    const marker: DoneMarker = { ...base, row: reportRow(rec), jsonlMeta: jsonlMeta(rec) };
    const stored = markerText(marker, evidenceText);
    stageMs.store = performance.now() - ts;
    await writing;
    // One file: the marker and the evidence of the outputs it vouches for (after them).
    await writeFileAtomic(markerFile, stored);
    return { ok: true, marker, reused: false, stageMs, timeMs: Math.round(rec.stats.timeMs * 10) / 10, ...(t.withEvidence ? { evidenceText } : {}) };
  } catch (e) {
    const marker: DoneMarker = {
      ...base,
      failed: { path: rec.source.path, line: rec.source.line, reason: `failed in segmentation or writing: ${(e as Error).stack ?? String(e)}` },
    };
    await writeFileAtomic(markerFile, markerText(marker));
    return { ok: false, marker };
  }
}

/**
 * An article's metadata as corpus.jsonl carries it: the record's metadata and source, without the chrome stage's
 * per-line decisions (those are for `qingxi explain`, in output/articles/<id>.json).
 */
function jsonlMeta(rec: ArticleRecord): Record<string, unknown> {
  const { chrome: _decisions, ...meta } = rec.meta;
  return { ...meta, source: rec.source };
}

/**
 * Load the segmenter's dictionary for the configuration now, and the converters the glossary evidence maps
 * Traditional forms with (milliseconds spent).
 */
function warm(): number {
  // (A thread that prepared articles segments next: its prepare state is no longer needed.)
  prepare = undefined;
  const t0 = performance.now();
  warmSegmenter({ config: cfg(), corpus: emptyKnowledge() });
  for (const from of FROM_LOCALES) toSimplified(from);
  return performance.now() - t0;
}

let preparing = 0;
let warmWanted = false;

/**
 * A prepare task; with `warmAfter`, the segmenter's dictionary loads after the thread's last prepare task in flight
 * returned its result (a turn of the event loop later: piscina has sent the result by then, unless the thread has
 * output on stderr still to drain, which piscina waits for before it sends a result: nothing here writes there).
 * The pool of such a thread uses 'async' atomics (run.ts, startPool): with piscina's default, an idle thread's event
 * loop stops until the next task comes, and the dictionary would load inside the first segment task.
 */
async function prepareThenWarm(t: PrepareTask): Promise<PrepareResult> {
  preparing++;
  try {
    return await prepareFile(t);
  } finally {
    preparing--;
    if (t.warmAfter) warmWanted = true;
    if (warmWanted && preparing === 0) {
      warmWanted = false;
      setImmediate(() => {
        try {
          warm();
        } catch {
          // (The segment tasks load it again, and fail with the reason.)
        }
        // The glossary's writers, which this thread uses last (its TBX), and the TBX concepts of the last run:
        // loaded now, while the main thread still discovers terms, instead of on the way to the end of the run.
        import('../glossary/write.js').then((w) => w.preloadConcepts(tbxConceptsFile(new Store(t.store.out), t.store.engine))).catch(() => undefined);
      });
    }
  }
}

/** Piscina entry point. */
export default async function task(t: Task): Promise<SurveyResult | PrepareResult | SegmentResult | number | string[] | void> {
  switch (t.kind) {
    case 'survey':
      return survey(t);
    case 'prepare':
      return prepareThenWarm(t);
    case 'segment':
      return segmentArticle(t);
    case 'warm':
      return warm();
    case 'corpus-jsonl':
      return writeCorpusJsonl(t.out, t.lines, t.storeRoot, t.previousKeys);
    case 'outputs-missing':
      return t.ids.filter((id) => !articleFilesExist(t.out, id));
    case 'glossary-tbx':
      return (await import('../glossary/write.js')).writeGlossaryTbx(t.out, t.entries, t.concepts);
  }
}
