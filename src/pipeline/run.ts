import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { readdir, rm, rmdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { Piscina } from 'piscina';
import { loadable } from '../bundles.js';
import { codeFingerprint, engineKey } from '../cache/engine.js';
import { cmp, hashOf } from '../cache/hash.js';
import { segKeyOf, termsHashOf } from '../cache/keys.js';
import { inShard, shardOf, type Shard } from '../cache/shard.js';
import { inOrder, mapLimit, readJson, readJsonSync, readText, remove, removeSync, Store, writeJson } from '../cache/store.js';
import { rematch, sameList, TermMatcher } from '../cache/terms.js';
import { TextPack } from '../cache/texts.js';
import { loadConfigCached } from '../config/cached.js';
import type { LoadedConfig } from '../config/loaded.js';
// (The glossary's modules one by one, not its index: the main thread never loads the evidence collector, which
// loads the converters, and loads the writers when it writes.)
import { GlossaryBuilder } from '../glossary/build.js';
import { TermDiscovery, termsForSegmenter } from '../glossary/discovery.js';
import { evidenceHead, parseRows } from '../glossary/evidence-store.js';
import { loadGlossaryOptions, type GlossaryOptions } from '../glossary/options.js';
import { termStatsOf } from '../glossary/stats.js';
import { tbxConceptsFile } from '../glossary/tbx-file.js';
import type { ArticleTermStats, DiscoveredTerm } from '../glossary/types.js';
import { writeFileAtomic } from '../io/atomic.js';
import { writeCorpusJsonl, type CorpusKeys, type CorpusLine } from '../output/corpus-jsonl.js';
import { discover, type CorpusFile } from '../io/discover.js';
import type { ReadFailure } from '../io/read.js';
import { articleFilesExist, articlePaths } from '../output/article-files.js';
import { readMarkerSync } from './marker.js';
import { DoneIndexBuilder, readDoneIndex, type DoneIndex } from './done-index.js';
import { IdleQueue } from './idle-queue.js';
import { preparedFile, readPreparedRecord, readPreparedTextSync } from './prepared.js';
import { loadBackground } from '../glossary/background.js';
import { pruneUserCache, userCacheFile } from '../cache/user-cache.js';
import { PACKAGE_ROOT } from '../version.js';
import { workerYoungGenerationMb } from '../v8-tuning.js';
import { survey } from './survey.js';
import { KnowledgeView, serializeKnowledge, TemplateCounter, type Deps, type DepsSummary, type SerializedKnowledge } from './knowledge.js';
import type { DoneMarker, PrepareResult, PrepVariant, ReportRow, SegmentResult, StoreRef, SurveyResult, Task } from './tasks.js';
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
  /** Process only this shard's articles (by article-id hash) and write no corpus-wide outputs. */
  shard?: Shard;
  /** Stop after the prepare phase (step 1 of a sharded run: every shard prepares before any segments). */
  prepareOnly?: boolean;
  /**
   * Merge: process nothing; every article must already be done (by the shards); write the corpus-wide outputs.
   * The result is byte-identical to a plain run.
   */
  merge?: boolean;
}

/** What a run did and what it reused. */
export interface RunWork {
  /** Corpus files decoded (the others were known by their size and times). */
  surveyed: number;
  /** Articles run through the stages up to `convert`. */
  prepared: number;
  /** Articles whose prepared result was reused. */
  preparedReused: number;
  /** Articles segmented and written. */
  segmented: number;
  /** Articles whose output files were left as they were. */
  segmentedReused: number;
  /** Articles whose outputs were removed (gone from the corpus). */
  removed: number;
  /** Whether term discovery ran (else its result was reused). */
  discovery: boolean;
  /** When discovery started from the saved counts of the last one: the articles taken out and added. */
  discoveryDelta?: { removed: number; added: number };
  /**
   * When the done index of the last run was read (src/pipeline/done-index.ts): the markers taken from it, and the
   * articles whose full evidence was read all the same (their text contains a term the glossary wants now only).
   */
  doneIndex?: { markers: number; fullEvidence: number };
  /** Corpus-wide outputs rewritten (corpus.jsonl, glossary, report). */
  corpusOutputs: string[];
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
  /** Milliseconds per stage, summed over the articles processed by this run (worker time). */
  stageMs: Record<string, number>;
  /** Wall-clock milliseconds per phase. */
  phaseMs: Record<string, number>;
  work: RunWork;
  /** `run`, `shard I/N`, `shard I/N prepare` or `merge`. */
  mode: string;
}

/** A run that cannot go on: shards not finished before a merge, or before the segment pass of a shard. */
export class IncompleteError extends Error {}

/** Term-discovery counts in the making: whether they started from the saved ones, and the articles added since. */
interface Counts {
  d: TermDiscovery;
  saved: boolean;
  added: number;
}

/**
 * What changed between the members a saved state counted and the current items: the members to take out (sorted)
 * and the items to add; undefined when the change is as large as the corpus (counting afresh is then cheaper).
 */
function changesSince<T>(saved: ReadonlySet<string>, items: readonly T[], member: (item: T) => string): { gone: string[]; added: T[] } | undefined {
  const now = new Set(items.map(member));
  const gone = [...saved].filter((m) => !now.has(m)).sort(cmp);
  const added = items.filter((a) => !saved.has(member(a)));
  return gone.length + added.length < items.length ? { gone, added } : undefined;
}

export function defaultPipelineDir(): string {
  const local = path.resolve('pipeline');
  return existsSync(path.join(local, 'pipeline.json')) ? local : path.join(PACKAGE_ROOT, 'pipeline');
}

/** Up to this many changed files, the survey runs in the main thread (a worker thread takes half a second to start). */
const MAIN_THREAD_SURVEY = 4;

/** Characters of glossary evidence kept in memory between the glossary's two passes (about 64 MB). */
const EVIDENCE_CACHE_CHARS = 32 * 1024 * 1024;
/** The text pack holds at most this many characters (2,000 news articles: about 2 million). */
const TEXT_PACK_MAX_CHARS = 64 * 1024 * 1024;
/**
 * Most articles saved counts (term discovery's, the template lines') may lack (articles added since they were
 * saved; none removed) before a run saves them again: the next run adds those articles to them again, from the
 * store, as this one did (a few milliseconds each, against 0.1 s and 60 MB of writes for 2,000 articles).
 */
const UNSAVED_MAX = 8;
/** Whether counts that are the saved ones with these changes since are left unsaved (UNSAVED_MAX). */
const fewAdded = (removed: number, added: number) => removed === 0 && added <= UNSAVED_MAX;
/** Largest done index written (characters of reduced evidence): a larger corpus reads its markers. */
const DONE_INDEX_MAX_CHARS = 64 * 1024 * 1024;

/**
 * The compiled worker (tests import src/ directly, but threads run the built JavaScript), found from the package
 * folder: this module may run from src/ (tests), dist/src/pipeline/ or the CLI's bundle in dist/src/.
 */
function workerFile(): string {
  return workerIn(path.join(PACKAGE_ROOT, 'dist', 'src', 'pipeline'));
}

/** The worker file in `dir`, the compiled pipeline's folder: its bundle or its module (src/bundles.ts). */
export function workerIn(dir: string, env: NodeJS.ProcessEnv = process.env): string {
  return loadable(path.join(dir, 'worker.js'), env);
}

function isSkip(f: ReadFailure): boolean {
  return f.reason.startsWith('skipped:');
}

// ----- the survey index: corpus files by stat -------------------------------------------------------------------

/** size, mtime, ctime and inode: a file whose four are unchanged is not read again. */
type StatSig = [number, number, number, number];

interface IndexDoc {
  id: string;
  path: string;
  line?: number;
  site: string;
  docKey: string;
  /** The prepared variant last used, with the quick check of its dependencies. */
  prep?: { prepKey: string; summary: DepsSummary; failed?: string };
}

interface IndexFile {
  st: StatSig;
  side: StatSig | null;
  docs: IndexDoc[];
  failures: ReadFailure[];
}

interface SurveyIndex {
  engine: string;
  files: Record<string, IndexFile>;
}

/** Synchronous: the main thread stats thousands of files at a time when no worker needs it. */
function statSig(file: string): StatSig | null {
  const s = statSync(file, { throwIfNoEntry: false });
  return s ? [s.size, s.mtimeMs, s.ctimeMs, s.ino] : null;
}

function sameSig(a: StatSig | null, b: StatSig | null): boolean {
  return a === b || (a !== null && b !== null && a.every((x, i) => x === b[i]));
}

// ----- per-article state of a run ------------------------------------------------------------------------------

interface Article {
  id: string;
  file: CorpusFile;
  doc: IndexDoc;
  /** Line keys, when the survey ran for this file in this run. */
  keys?: string[];
  prepKey?: string;
  prepFailure?: ReadFailure;
  marker?: DoneMarker;
}

const ID_LIST = 1000;

/** last-run.json (shards: shards/<I>-of-<N>.json): what the last run did; `complete` only after a full run. */
interface LastRun {
  mode: string;
  timeMs: number;
  phaseMs: Record<string, number>;
  stageMs: Record<string, number>;
  work: RunWork;
  /** Articles this run prepared, segmented (and wrote), and removed (at most ID_LIST of each, sorted). */
  ids: { prepared: string[]; segmented: string[]; removed: string[] };
  /**
   * Milliseconds each article took in this run (prepare + segment), for the articles it processed. Timings live
   * here, not in report.json, so that report.json stays byte-identical from run to run.
   */
  articleMs: Record<string, number>;
  failures: number;
  complete?: boolean;
  knowledgeKey?: string;
  discoveryKey?: string;
  termsHash?: string;
}

/** The stored discovery result. */
interface DiscoveryEntry {
  discovered: DiscoveredTerm[];
  terms: string[];
  termsHash: string;
}

/** outputs.json: the state each corpus-wide output holds (removed before the output is rewritten). */
interface OutputsState {
  corpus?: string;
  glossary?: string;
}

/** Whether `dir` does not exist or holds nothing. */
function isEmptyOrAbsent(dir: string): boolean {
  try {
    return readdirSync(dir).length === 0;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/** Plain JSON data (so that a stored copy is exactly the value). */
function isPlainJson(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(isPlainJson);
  if (typeof v === 'object') {
    const proto = Object.getPrototypeOf(v) as unknown;
    return (proto === Object.prototype || proto === null) && Object.values(v as object).every(isPlainJson);
  }
  return false;
}

/**
 * Run the pipeline over a corpus folder, on a pool of worker threads, in three phases separated by corpus-wide
 * barriers: survey (line keys for template chrome), prepare (every stage up to `convert`; term statistics), and
 * segment (with the terms the corpus taught the segmenter; per-article outputs written atomically). Corpus-wide
 * outputs (corpus.jsonl, glossary, report) are written last, in article-id order, so the output is
 * byte-identical at any concurrency.
 *
 * Every result is kept in the store (`<out>/.qingxi/`, see src/cache/store.ts) under a key naming all it depends
 * on, so a run redoes only what changed: unchanged files are not decoded, unchanged articles not processed and
 * their output files not rewritten; a new template line or discovered term redoes exactly the articles it
 * touches. Outputs are written atomically and each article's marker only after its files, so a run killed at any
 * point and run again gives the outputs of an uninterrupted run.
 */
export async function runPipeline(opts: RunOptions): Promise<RunSummary> {
  const t0 = performance.now();
  const phaseMs: Record<string, number> = {};
  const stageMs: Record<string, number> = {};
  const pipelineDir = opts.pipelineDir ?? defaultPipelineDir();
  const out = path.resolve(opts.out);
  // A new output folder (absent or empty before anything is written to it) holds only what this run writes: a
  // run that completes with no failure leaves nothing to sweep there (see the sweep below).
  const freshOut = !opts.shard && isEmptyOrAbsent(out);
  const store = new Store(out);
  const cfg = await loadConfigCached(pipelineDir, store.file('config'), codeFingerprint());
  const engine = engineKey(cfg);
  const ref: StoreRef = { out, engine };
  const shard = opts.shard && opts.shard.count > 1 ? opts.shard : undefined;
  const merge = opts.merge === true;
  const mode = merge ? 'merge' : shard ? `shard ${shard.index}/${shard.count}${opts.prepareOnly ? ' prepare' : ''}` : opts.prepareOnly ? 'run prepare' : 'run';
  const concurrency = Math.max(1, opts.concurrency ?? os.availableParallelism());
  /**
   * Tasks each worker thread holds (piscina's concurrentTasksPerWorker): a thread runs one at a time between its
   * awaits (the stages are synchronous; only file writes yield), so what it holds beyond the one it runs is a queue that
   * keeps it busy while the main thread cannot answer: counting a result's term statistics, loading jieba's
   * dictionary for discovery (a fifth of a second), packing the saved counts (half a second or more). With two
   * held, the worker of a 1-thread run of the bench corpus waited for the main thread 10-15% of the prepare phase
   * and 0.8 s at the start of segmentation (CPU profiles of both threads, aligned). Prepare tasks take 10-20 ms,
   * segment tasks 3-10 ms; with twelve and thirty-two held, the prepare phase of that run went from 6.1-6.8 s to
   * 5.4-5.7 s (side by side, output on tmpfs) and the wait at the start of segmentation from 0.8 to 0.25 s. What
   * they cost is memory: results waiting for the main thread (a few kB each).
   */
  const TASKS_PER_THREAD: Record<string, number> = { read: 12, segment: 32 };
  const inflight = (pool: string) => concurrency * (TASKS_PER_THREAD[pool]! + 1);
  const work: RunWork = { surveyed: 0, prepared: 0, preparedReused: 0, segmented: 0, segmentedReused: 0, removed: 0, discovery: false, corpusOutputs: [] };
  const failures: ReadFailure[] = [];
  // Which articles this run processed (recorded in last-run.json, at most ID_LIST of each).
  const preparedIds: string[] = [];
  const segmentedIds: string[] = [];
  const articleMs: Record<string, number> = {};
  const removedIds: string[] = [];
  const progress = (what: string, total: number) => (done: number) => opts.onProgress?.(done, total, what);

  // Worker threads start only when there is work for them (a run with nothing to do never loads a dictionary),
  // and no more of them than the work is worth: each thread loads its own dictionaries (jieba's takes a second or
  // two, while an article segments in a few milliseconds), so a re-run that re-segments a few dozen articles does
  // it on one thread, leaving the other core to the main thread (which reads the glossary evidence meanwhile).
  // Survey and prepare share a pool; segmentation (the jieba dictionary) has its own, started as soon as the
  // prepare phase ends when it prepared many articles (see prepareArticles). (Handing the prepare threads the
  // segmentation instead was measured: it saves their start but keeps their grown heaps, +190 MB peak RSS.)
  const pools = new Map<string, { pool: Piscina; threads: number }>();
  let active: Piscina | undefined;
  const usePool = async (name: string, tasks: number, perThread: number) => {
    const threads = Math.min(concurrency, Math.max(1, Math.ceil(tasks / perThread)));
    const have = pools.get(name);
    if (have && have.threads >= threads) {
      active = have.pool;
      return;
    }
    // (A pool with too few threads for this phase is replaced.)
    // One pool at a time (idle threads of another phase would only hold their dictionaries in memory), except a
    // segment pool started early (warmSegmenter) while the survey and prepare phases run.
    for (const [n, p] of pools) {
      if ((n !== name && !(name === 'read' && n === 'segment')) || p === have) {
        await p.pool.destroy();
        pools.delete(n);
      }
    }
    active = startPool(name, threads);
  };
  /**
   * `between`: the threads work between tasks (a tiny change's thread loads jieba's dictionary after its prepare
   * results). Piscina's default ('sync' atomics) parks an idle thread in Atomics.wait, where its event loop does not
   * run: such work would wait for the next task, and hold it up. 'async' atomics keep the event loop running.
   */
  const startPool = (name: string, threads: number, tasksPerThread = TASKS_PER_THREAD[name]!, between = false): Piscina => {
    const init: WorkerInit = { config: cfg };
    // A pool of one thread gets a larger young generation (src/v8-tuning.ts: fewer scavenges; with more threads,
    // measured, only more memory).
    const young = workerYoungGenerationMb(threads);
    const pool = new Piscina({
      filename: workerFile(),
      minThreads: threads,
      maxThreads: threads,
      concurrentTasksPerWorker: tasksPerThread,
      workerData: init,
      idleTimeout: 10_000,
      atomics: between ? 'async' : 'sync',
      ...(young !== undefined ? { resourceLimits: { maxYoungGenerationSizeMb: young } } : {}),
    });
    pools.set(name, { pool, threads });
    return pool;
  };
  const run = async <R>(t: Task): Promise<R> => (await active!.run(t)) as R;
  const PER_THREAD: Record<string, [pool: string, tasks: number]> = { survey: ['read', 32], prepare: ['read', 8], segment: ['segment', 120] };
  /**
   * A tiny change (at most MAIN_THREAD_SURVEY files came, changed or left): the run starts one worker thread, which
   * prepares the changed files (the main thread surveys them, and loads the saved counts meanwhile), then loads
   * jieba's dictionary while the main thread discovers terms, and segments. One thread instead of two: each costs
   * a couple of hundred milliseconds of module loading, on two cores the main thread keeps busy.
   */
  let tiny = false;
  /**
   * A small change (a few files came, changed or left): start the segmentation thread now and let it load jieba's
   * dictionary (a second or so) while the main thread surveys, counts and discovers terms, instead of after.
   * A larger change starts its segment pool when the segment phase begins, with as many threads as it needs.
   */
  const warmSegmenter = (changedFiles: number) => {
    if (changedFiles === 0 || changedFiles > PER_THREAD.segment![1] || pools.has('segment')) return;
    tiny = changedFiles <= MAIN_THREAD_SURVEY;
    // (The thread of a tiny change works alone for a main thread busy with the glossary and saved counts: it holds
    // every task in flight, so that it never waits for the main thread to hand it the next one.)
    const pool = startPool('segment', 1, tiny ? inflight('segment') : TASKS_PER_THREAD.segment, tiny);
    if (tiny) active = pool;
    else warm(pool);
  };
  const warm = (pool: Piscina) => pool.run({ kind: 'warm' } satisfies Task).catch(() => undefined);
  const phase = async <T, R>(what: string, items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> => {
    if (items.length === 0) return [];
    const [poolName, perThread] = PER_THREAD[what]!;
    await usePool(tiny ? 'segment' : poolName, items.length, perThread);
    const gate = pLimit(inflight(tiny ? 'segment' : poolName));
    const tick = progress(what, items.length);
    let done = 0;
    return Promise.all(
      items.map((item) =>
        gate(async () => {
          const r = await fn(item);
          tick(++done);
          return r;
        }),
      ),
    );
  };

  let glossaryOptions: Promise<GlossaryOptions> | undefined;
  const glossaryOpts = () => (glossaryOptions ??= loadGlossaryOptions(cfg));

  // Counts saved for the next run (line counts, term-discovery counts): large, and needed by no step of this run,
  // so they are written while the worker threads segment, or when the run stops before that (a prepare pass, an
  // error). The state files describe which articles they count, so a run killed before writing them only makes
  // the next one update older counts.
  const saveLater: (() => Promise<void>)[] = [];
  const saveState = async () => {
    await new Promise((resolve) => setImmediate(resolve));
    for (const save of saveLater.splice(0)) await save();
  };

  try {
    // Term discovery's counts, started while the articles are prepared: the saved counts of the last discovery
    // (or none), with each newly prepared article's statistics added as its result comes in. A prepare-only pass
    // or a merge never discovers terms.
    const discoveryStateFile = store.file('discovery', `${engine}.bin`);
    let counting = !opts.prepareOnly && !merge;
    let streamed: Counts | undefined;
    // Loaded before the workers start: countStats runs as results arrive.
    let glossaryOptsNow: GlossaryOptions | undefined;
    // jieba's general dictionary for discovery, from a sorted copy in the store (a tenth of the time to load).
    let bgLoaded: ReturnType<typeof loadBackground> | undefined;
    // (From the store, else from the user's cache, where a first run over another output folder left it.)
    const sharedBackground = userCacheFile('background', codeFingerprint(), '.bin');
    const background = () => (bgLoaded ??= loadBackground(store.file('background', `${engine}.bin`), ...(sharedBackground ? [sharedBackground] : []))).bg;
    const member = (id: string, prepKey: string) => `${id}\t${prepKey}`;
    /** The counts of the last discovery as saved (undefined when absent, unreadable or counted with other options). */
    const savedCounts = (o: GlossaryOptions): Counts | undefined => {
      try {
        return { d: TermDiscovery.fromBuffer(readFileSync(discoveryStateFile), o, background()), saved: true, added: 0 };
      } catch {
        return undefined;
      }
    };
    /** The counts new statistics are added to: the saved ones (a second or so to load for a large corpus) or none. */
    function startCounting(): void {
      if (streamed) return;
      streamed = savedCounts(glossaryOptsNow!) ?? { d: new TermDiscovery(glossaryOptsNow!, background()), saved: false, added: 0 };
      streamed.d.eager = true;
    }
    function countStats(id: string, prepKey: string, stats: ArticleTermStats): void {
      if (!counting) return;
      startCounting();
      const c = streamed!;
      if (!c.d.exact) return;
      c.d.add(member(id, prepKey), stats);
      c.added++;
    }
    // (Counted between turns of the event loop, so that the worker threads get their next tasks first.)
    const counted = new IdleQueue<[id: string, prepKey: string, stats: ArticleTermStats]>(([id, prepKey, stats]) => countStats(id, prepKey, stats));

    // ----- 1. Survey: articles, ids, content keys, line keys. Unchanged files are known from the index. -----
    let t = performance.now();
    const files = await discover(opts.corpus);
    // The record of the last complete run is removed while this one runs: if it is killed, the next run knows
    // to look for leftovers (temporary files, outputs of removed articles) instead of trusting the record.
    const lastRunFile = shard ? store.file('shards', `${shard.index}-of-${shard.count}.json`) : store.file('last-run.json');
    const previous = readJsonSync<LastRun>(lastRunFile);
    await remove(lastRunFile);
    // Any run writes into the output folders: the records of other modes no longer describe them.
    if (shard) await remove(store.file('last-run.json'));
    else await rm(store.file('shards'), { recursive: true, force: true });
    const indexFile = store.file('survey.json');
    const loaded = await readJson<SurveyIndex>(indexFile);
    const index: SurveyIndex = loaded?.engine === engine ? loaded : { engine, files: {} };
    let indexChanged = index !== loaded;
    // After a complete run with the same engine, leftovers are known exactly: the outputs of articles that left,
    // the stored results this run replaces. Otherwise (a killed run, other code or configuration) the output
    // folders and the store are swept whole at the end.
    const fullSweep = shard !== undefined || previous?.complete !== true || loaded?.engine !== engine;
    // The done index (src/pipeline/done-index.ts) of the last run: markers, and their evidence reduced to the rows
    // of the terms that run's glossary wanted, in one file. Read only after a complete run (a store swept whole is
    // read marker by marker); a shard neither reads nor writes it. A tiny change reads it, and checks the output
    // files of its articles, while its thread prepares (the main thread would wait otherwise).
    const doneIndexFile = store.file('done-index.json');
    let doneIndexRead: DoneIndex | undefined | null = null;
    const loadDoneIndex = () => (doneIndexRead === null ? (doneIndexRead = fullSweep ? undefined : readDoneIndex(doneIndexFile, engine)) : doneIndexRead);
    const filesChecked = new Map<string, boolean>();
    const outputFilesExist = (id: string) => {
      let there = filesChecked.get(id);
      if (there === undefined) filesChecked.set(id, (there = articleFilesExist(out, id)));
      return there;
    };
    /**
     * A tiny change's thread checks the output files of the done index's articles (6,000 files for 2,000 articles,
     * 25-30 ms) once it loaded jieba's dictionary, while the main thread discovers terms; awaited before the
     * segment check, which asks for them. (Any id it did not answer for is checked here.)
     */
    let filesChecking: Promise<void> | undefined;
    const checkFilesInThread = (ids: string[]) => {
      filesChecking = run<string[]>({ kind: 'outputs-missing', out, ids }).then(
        (missing) => {
          const gone = new Set(missing);
          for (const id of ids) filesChecked.set(id, !gone.has(id));
        },
        () => undefined,
      );
    };
    const gone = new Set<string>();
    const garbage: Record<string, Set<string>> = { keys: new Set(), prep: new Set(), prepared: new Set() };
    const drop = (d: IndexDoc) => {
      gone.add(d.id);
      garbage.keys!.add(d.docKey);
      garbage.prep!.add(d.docKey);
      if (d.prep) garbage.prepared!.add(d.prep.prepKey);
    };
    // (A sidecar the folder's listing did not show is not there: 2,000 failed stat calls fewer for 2,000 articles.)
    const sigs = files.map((f) => [statSig(f.abs), f.sidecar === false ? null : statSig(`${f.abs}.meta.json`)] as const);
    const toSurvey: number[] = [];
    files.forEach((f, i) => {
      const e = index.files[f.rel];
      if (!e || !sameSig(e.st, sigs[i]![0]) || !sameSig(e.side, sigs[i]![1])) toSurvey.push(i);
    });
    const keysNow = new Map<string, string[]>();
    const crashed = (i: number) => (e: Error): SurveyResult => ({ docs: [], failures: [{ path: files[i]!.rel, reason: `crashed the worker: ${e.message}` }] });
    let surveying: Promise<SurveyResult[]>;
    const present = new Set(files.map((f) => f.rel));
    const left = Object.keys(index.files).filter((rel) => !present.has(rel)).length;
    if (counting) warmSegmenter(toSurvey.length + left);
    if (toSurvey.length > 0 && toSurvey.length <= MAIN_THREAD_SURVEY) {
      // A few files: surveyed here, while the thread that will prepare them starts.
      if (!tiny) active = startPool('read', 1);
      surveying = mapLimit(toSurvey, 1, (i) => survey({ kind: 'survey', file: files[i]!, store: ref }).catch(crashed(i)));
    } else {
      surveying = phase('survey', toSurvey, (i) => run<SurveyResult>({ kind: 'survey', file: files[i]!, store: ref }).catch(crashed(i)));
    }
    surveying.catch(() => undefined);
    // A file came, changed or left: while a worker thread starts and reads the changed files, the main thread loads
    // the saved line counts and term-discovery counts the rest of the run updates (they are large for a large
    // corpus, and would otherwise be loaded after the survey, on the way of every step).
    let savedTemplates: TemplateCounter | undefined;
    const templatesFile = store.file('templates', `${engine}.bin`);
    /** The line counts of the last run (undefined when absent or unreadable). */
    const loadTemplates = (): TemplateCounter | undefined => {
      try {
        return TemplateCounter.fromBuffer(readFileSync(templatesFile));
      } catch {
        return undefined;
      }
    };
    if (toSurvey.length || left) {
      // (After one turn of the event loop: the survey tasks are in the worker's queue before the main thread
      // blocks on these synchronous loads.)
      await new Promise((resolve) => setImmediate(resolve));
      savedTemplates = loadTemplates();
      if (counting) {
        glossaryOptsNow ??= await glossaryOpts();
        // (A tiny change loads them while its thread prepares the changed files.)
        if (!tiny) startCounting();
      }
    }
    const surveyed = await surveying;
    surveyed.forEach((s, k) => {
      const i = toSurvey[k]!;
      const f = files[i]!;
      const prior = new Map((index.files[f.rel]?.docs ?? []).map((d) => [d.docKey, d.prep]));
      const kept = new Set(s.docs.map((d) => d.docKey));
      for (const d of index.files[f.rel]?.docs ?? []) if (!kept.has(d.docKey)) drop(d);
      const crashed = s.failures.some((x) => x.reason.startsWith('crashed the worker'));
      const entry: IndexFile = {
        st: sigs[i]![0] ?? [0, 0, 0, 0],
        side: sigs[i]![1],
        docs: s.docs.map((d) => {
          keysNow.set(d.docKey, d.keys);
          const doc: IndexDoc = { id: d.id, path: d.path, line: d.line, site: d.site, docKey: d.docKey };
          const prep = prior.get(d.docKey);
          if (prep) doc.prep = prep;
          return doc;
        }),
        failures: s.failures,
      };
      if (crashed || sigs[i]![0] === null) delete index.files[f.rel];
      else index.files[f.rel] = entry;
      // A crash is not a result, nor is a file that cannot be stat'ed (a dangling link): keep them out of the
      // index, but report them.
      if (crashed || sigs[i]![0] === null) failures.push(...s.failures);
      indexChanged = true;
    });
    work.surveyed = toSurvey.length;
    for (const rel of Object.keys(index.files)) {
      if (!present.has(rel)) {
        for (const d of index.files[rel]!.docs) drop(d);
        delete index.files[rel];
        indexChanged = true;
      }
    }
    // Articles in corpus order; an id used twice is reported and the later article skipped.
    const owner = new Map<string, string>();
    const articles: Article[] = [];
    for (const f of files) {
      const e = index.files[f.rel];
      if (!e) continue;
      failures.push(...e.failures);
      for (const d of e.docs) {
        const where = d.path + (d.line !== undefined ? `:${d.line}` : '');
        const prior = owner.get(d.id);
        if (prior !== undefined) {
          failures.push({ path: d.path, line: d.line, id: d.id, reason: `id ${JSON.stringify(d.id)} is already used by ${prior}` });
          continue;
        }
        owner.set(d.id, where);
        articles.push({ id: d.id, file: f, doc: d, keys: keysNow.get(d.docKey) });
      }
    }
    phaseMs.survey = performance.now() - t;

    // ----- Corpus knowledge: template lines, from every article's line keys (reused while no article changed) -----
    t = performance.now();
    const minArticles = cfg.config.chrome.templateMinArticles;
    const knowledgeKey = hashOf('knowledge', engine, String(minArticles), JSON.stringify(articles.map((a) => [a.id, a.doc.site, a.doc.docKey])));
    const knowledgeFile = store.file('knowledge', `${knowledgeKey}.json`);
    let serialized = await readJson<SerializedKnowledge>(knowledgeFile);
    if (!serialized) {
      // The line counts of the last run, with the articles that left or changed taken out and the new ones added
      // (exact: counts are sums); else every article's line keys counted afresh.
      const member = (a: Article) => `${a.id}\t${a.doc.site}\t${a.doc.docKey}`;
      const keysOf = (docKey: string) => readJsonSync<string[]>(store.keyed('keys', docKey));
      // Whether the counts are the saved ones plus a few articles (then they are not saved again: UNSAVED_MAX).
      let unsaved = false;
      const updatedCounts = (): TemplateCounter | undefined => {
        const counter = savedTemplates ?? loadTemplates();
        if (!counter) return undefined;
        const change = changesSince(counter.members, articles, member);
        if (!change) return undefined;
        unsaved = fewAdded(change.gone.length, change.added.length);
        for (const m of change.gone) {
          const [, site, docKey] = m.split('\t') as [string, string, string];
          const keys = keysOf(docKey);
          if (!keys) return undefined;
          counter.remove(site, keys, m);
        }
        for (const a of change.added) {
          const keys = a.keys ?? keysOf(a.doc.docKey);
          if (!keys) return undefined;
          counter.add(a.doc.site, keys, member(a));
        }
        return counter;
      };
      let counter = updatedCounts();
      if (!counter) {
        const missingKeys = new Set<string>();
        const keyLists = articles.map((a) => {
          const k = a.keys ?? keysOf(a.doc.docKey);
          if (!k) missingKeys.add(a.file.rel);
          return k;
        });
        if (missingKeys.size) {
          // Line keys lost from the store: decode those files again.
          const again = await phase('survey', [...missingKeys], (rel) => run<SurveyResult>({ kind: 'survey', file: files.find((f) => f.rel === rel)!, store: ref }));
          for (const s of again) for (const d of s.docs) keysNow.set(d.docKey, d.keys);
          articles.forEach((a, i) => (keyLists[i] ??= keysNow.get(a.doc.docKey) ?? []));
        }
        const fresh = new TemplateCounter();
        articles.forEach((a, i) => fresh.add(a.doc.site, keyLists[i]!, member(a)));
        counter = fresh;
        unsaved = false;
      }
      serialized = serializeKnowledge(counter.knowledge(minArticles));
      await writeJson(knowledgeFile, serialized);
      const saved = counter;
      if (!unsaved) saveLater.push(() => writeFileAtomic(templatesFile, saved.toBuffer()));
    }
    const knowledge = new KnowledgeView(serialized);
    phaseMs.knowledge = performance.now() - t;

    // ----- 2. Prepare: every stage up to `convert`, unless a stored variant's knowledge lookups still hold -----
    t = performance.now();
    const mine = articles.filter((a) => inShard(a.id, shard));
    // A shard's segment pass and a merge take recorded failures as results: every shard must see the same set of
    // prepared articles. Plain runs and prepare passes try failed articles again.
    const retryFailures = !merge && (!shard || opts.prepareOnly === true);
    const needPrepKeys = opts.prepareOnly ? mine : articles;
    const variantsOf = (a: Article): PrepVariant | undefined => {
      const p = a.doc.prep;
      if (p && knowledge.summaryHolds(p.summary)) return { prepKey: p.prepKey, deps: { sites: [] }, failed: p.failed };
      const stored = readJsonSync<{ variants: PrepVariant[] }>(store.keyed('prep', a.doc.docKey));
      const v = stored?.variants.find((x) => knowledge.depsHold(x.deps));
      if (v) {
        if (a.doc.prep && a.doc.prep.prepKey !== v.prepKey) garbage.prepared!.add(a.doc.prep.prepKey);
        a.doc.prep = { prepKey: v.prepKey, summary: summaryNow(v.deps, knowledge), ...(v.failed ? { failed: v.failed } : {}) };
        indexChanged = true;
      }
      return v;
    };
    const toPrepare: Article[] = [];
    const notPrepared: Article[] = [];
    const mineSet = new Set(mine);
    for (const a of needPrepKeys) {
      const v = variantsOf(a);
      if (v && !(v.failed && retryFailures && mineSet.has(a))) {
        a.prepKey = v.prepKey;
        if (v.failed) a.prepFailure = { path: a.doc.path, line: a.doc.line, id: a.id, reason: v.failed };
      } else if (mineSet.has(a) && !merge) toPrepare.push(a);
      else notPrepared.push(a);
    }
    work.preparedReused = mine.filter((a) => a.prepKey !== undefined).length;
    await prepareArticles(toPrepare);
    work.prepared = toPrepare.length;
    if (tiny && !toPrepare.length) warm(pools.get('segment')!.pool);

    /** Run the prepare phase for some articles (grouped by corpus file); record the results on them. */
    async function prepareArticles(list: Article[]): Promise<void> {
      if (!list.length) return;
      const byFile = new Map<string, Article[]>();
      for (const a of list) {
        const l = byFile.get(a.file.rel);
        if (l) l.push(a);
        else byFile.set(a.file.rel, [a]);
      }
      const groups = [...byFile.values()];
      if (counting) glossaryOptsNow ??= await glossaryOpts();
      const prepareGroup = (g: Article[]): Promise<PrepareResult> =>
        run<PrepareResult>({
          kind: 'prepare',
          file: g[0]!.file,
          articles: g.map((a) => ({ id: a.id, docKey: a.doc.docKey })),
          knowledgeKey,
          store: ref,
          withStats: counting,
          // (A tiny change's one thread loads jieba's dictionary once it sent its prepare results: see below.)
          ...(tiny && counting ? { warmAfter: true } : {}),
        }).then(
          (r) => {
            // Term statistics are counted as results come in (between turns of the event loop), while the workers go
            // on preparing.
            for (const p of r.articles) {
              if (p.ok && p.stats !== undefined) counted.push([p.id, p.prepKey, p.stats]);
              if (p.ok) delete p.stats;
            }
            return r;
          },
          (e: Error): PrepareResult => ({ articles: [], failures: g.map((a) => ({ path: a.doc.path, line: a.doc.line, id: a.id, reason: `crashed the worker: ${e.message}` })), stageMs: {} }),
        );
      const preparing = phase('prepare', groups, prepareGroup);
      if (tiny) {
        // A tiny change's one thread loads jieba's dictionary once it sent its prepare results (warmAfter), while
        // the main thread discovers terms and checks which articles to segment. (A warm task sent with the prepare
        // tasks could reach the thread first, as the thread was still loading its modules: it then held the results
        // the main thread waits for by the 0.3-0.4 s the dictionary takes. Sent by the main thread once the results
        // are in, it waited for the main thread, busy loading the saved counts: 0.07-0.14 s.) The main thread loads the
        // saved counts and the done index meanwhile, and hands the thread the check of the index's output files
        // (checkFilesInThread), done after the dictionary, while the main thread discovers terms.
        await new Promise((resolve) => setImmediate(resolve));
        if (counting) {
          startCounting();
          const indexed = loadDoneIndex();
          if (indexed) checkFilesInThread([...indexed.entries.keys()]);
        }
      }
      const results = await preparing;
      // Every article prepared is segmented next: with many of them, the segment pool starts now and its threads load
      // their modules and jieba's dictionary while the main thread discovers terms and checks which articles to
      // segment (a smaller change started its thread early, warmSegmenter).
      if (counting && !pools.has('segment') && list.length > PER_THREAD.segment![1]) {
        await usePool('segment', list.length, PER_THREAD.segment![1]);
        const seg = pools.get('segment')!;
        for (let k = 0; k < seg.threads; k++) warm(seg.pool);
      }
      // (The statistics still queued are counted once the segment threads have started.)
      counted.flush();
      for (const a of list) preparedIds.push(a.id);
      results.forEach((r, k) => {
        const byId = new Map(groups[k]!.map((a) => [a.id, a]));
        failures.push(...r.failures);
        for (const [name, ms] of Object.entries(r.stageMs)) stageMs[name] = (stageMs[name] ?? 0) + ms;
        for (const p of r.articles) {
          const a = byId.get(p.id)!;
          a.prepKey = p.prepKey;
          a.prepFailure = p.ok ? undefined : p.failure;
          if (a.doc.prep && a.doc.prep.prepKey !== p.prepKey) garbage.prepared!.add(a.doc.prep.prepKey);
          a.doc.prep = { prepKey: p.prepKey, summary: p.summary, ...(p.ok ? {} : { failed: p.failure.reason }) };
          indexChanged = true;
        }
      });
    }

    // (The survey index is for the next run: written while the workers segment, as the saved counts are.)
    if (indexChanged) saveLater.push(() => writeJson(indexFile, index));
    indexChanged = false;
    phaseMs.prepare = performance.now() - t;
    for (const a of mine) if (a.prepFailure) failures.push(a.prepFailure);

    if (opts.prepareOnly) {
      await saveState();
      await writeLastRun();
      return summarize([]);
    }
    if (notPrepared.length) {
      const sample = notPrepared.slice(0, 5).map((a) => a.doc.path + (a.doc.line !== undefined ? `:${a.doc.line}` : ''));
      throw new IncompleteError(
        `${notPrepared.length} article(s) of this corpus have not been prepared yet (e.g. ${sample.join(', ')}). ` +
          (shard
            ? `Run the prepare pass of every shard first: qingxi run --shard I/${shard.count} --prepare-only (for I = 0..${shard.count - 1}).`
            : 'Run every shard (qingxi run --shard I/N) before qingxi merge, with the same corpus and configuration.'),
      );
    }

    // ----- Term discovery over every prepared article, in id order (reused while no prepared article changed) -----
    t = performance.now();
    const prepared = articles.filter((a) => a.prepKey !== undefined && !a.prepFailure).sort((x, y) => cmp(x.id, y.id));
    const discoveryKey = hashOf('discovery', engine, JSON.stringify(prepared.map((a) => [a.id, a.prepKey])));
    const discoveryFile = store.file('terms', `${discoveryKey}.json`);
    let disc = await readJson<DiscoveryEntry>(discoveryFile);
    if (!disc) {
      work.discovery = true;
      // Prepared records lost from the store: prepare those articles again (shards: only their owner may).
      const lost = prepared.filter((a) => !existsSync(preparedFile(store, a.prepKey!)));
      if (lost.length) {
        const own = lost.filter((a) => mineSet.has(a) && !merge);
        if (own.length < lost.length) throw new IncompleteError(`${lost.length - own.length} prepared article(s) are missing from ${store.root}; run their shards' prepare pass again.`);
        await prepareArticles(own);
        work.prepared += own.length;
      }
      const discovery = await discoveryState(prepared);
      const discovered = discovery.discover();
      const terms = termsForSegmenter(discovered);
      disc = { discovered, terms, termsHash: termsHashOf(terms) };
      await writeJson(store.file('termlists', `${disc.termsHash}.json`), terms);
      if (isPlainJson(discovered)) {
        const entry = disc;
        saveLater.push(() => writeJson(discoveryFile, entry));
      }
    }
    const { terms, termsHash } = disc;
    phaseMs.discovery = performance.now() - t;

    /**
     * The term-discovery state of the prepared articles: the streamed or saved counts, with the articles that left
     * or changed taken out and the missing ones added, when that gives exactly the state of a fresh count (no
     * pruning on either side); otherwise every article's statistics merged afresh, in id order.
     */
    async function discoveryState(list: Article[]): Promise<TermDiscovery> {
      const opts = await glossaryOpts();
      const key = (a: Article) => member(a.id, a.prepKey!);
      // Statistics of articles not streamed, computed again from their prepared records.
      const statsOf = async (prepKey: string) => {
        const rec = await readPreparedRecord(preparedFile(store, prepKey));
        return rec && termStatsOf(rec);
      };
      const addAll = (d: TermDiscovery, items: readonly Article[]) =>
        inOrder(items, 16, (a) => statsOf(a.prepKey!), (s, a) => {
          if (!s) throw new Error(`the prepared record of ${a.id} is missing from ${store.root}`);
          d.add(key(a), s);
        });
      const update = async (c: Counts): Promise<TermDiscovery | undefined> => {
        const change = c.d.exact ? changesSince(c.d.articles, list, key) : undefined;
        if (!change) return undefined;
        for (const k of change.gone) {
          const s = await statsOf(k.slice(k.indexOf('\t') + 1));
          if (!s) return undefined;
          c.d.remove(k, s);
        }
        await addAll(c.d, change.added);
        if (!c.d.exact) return undefined;
        if (c.saved) work.discoveryDelta = { removed: change.gone.length, added: c.added + change.added.length };
        return c.d;
      };
      counting = false;
      const start = streamed ?? savedCounts(opts);
      let d = start && (await update(start));
      if (!d) {
        d = new TermDiscovery(opts, background());
        await addAll(d, list);
      }
      const state = d;
      // Counts that are the saved ones plus a few articles are not saved again (55 MB for 2,000 articles): the next
      // run adds those articles to the saved counts again, from their prepared records, as it did here.
      const delta = work.discoveryDelta;
      const unsaved = d === start?.d && start.saved && delta !== undefined && fewAdded(delta.removed, delta.added);
      saveLater.push(async () => {
        if (!unsaved) {
          if (state.exact) await writeFileAtomic(discoveryStateFile, state.toBuffer());
          else await remove(discoveryStateFile);
        }
        if (bgLoaded?.save) {
          await bgLoaded.save();
          if (sharedBackground) pruneUserCache(sharedBackground);
        }
      });
      return d;
    }

    // ----- 3. Segment: articles whose outputs do not hold their current result -----
    t = performance.now();
    const termSet = new Set(terms);
    // Markers whose term list differs: the difference between the two lists, computed once per old list.
    const oldLists = new Map<string, { added: TermMatcher } | undefined>();
    const diffAgainst = (hash: string) => {
      if (!oldLists.has(hash)) {
        const old = readJsonSync<string[]>(store.file('termlists', `${hash}.json`));
        const set = old && new Set(old);
        oldLists.set(hash, set && { added: new TermMatcher(terms.filter((x) => !set.has(x))) });
      }
      return oldLists.get(hash);
    };
    const mineReady = mine.filter((a) => a.prepKey !== undefined && !a.prepFailure);
    const toSegment: Article[] = [];
    const notSegmented: Article[] = [];
    // Facts "prepared article P, segmented with this term list, has segKey S", kept for markers written with
    // another list (so a change of the term list is checked once per article, and markers are not rewritten).
    const factsFile = store.file('segkeys', `${termsHash}.json`);
    const facts = readJsonSync<Record<string, string>>(factsFile) ?? {};
    let newFacts = 0;
    // Term lists that markers in use were written with (their `matched` is relative to them): kept in the store.
    const termListsInUse = new Set([termsHash]);
    // The glossary evidence of an article is stored in its marker file, after the marker. The evidence of the
    // markers that stand is kept from the check on (up to a budget; as bytes, decoded when the glossary takes it,
    // while the workers segment) for the glossary, which needs it (a shard builds no glossary).
    const evidenceTexts = new Map<Article, string | Buffer>();
    let evidenceChars = 0;
    const keepEvidence = (a: Article, text: string | Buffer) => {
      if (evidenceChars + text.length > EVIDENCE_CACHE_CHARS) return;
      evidenceTexts.set(a, text);
      evidenceChars += text.length;
    };
    const doneIndex = loadDoneIndex();
    if (doneIndex) work.doneIndex = { markers: 0, fullEvidence: 0 };
    // Articles whose evidence is the index's reduced one (else it is full), and that evidence.
    const reducedEvidence = new Map<Article, string>();
    const readEvidence = async (a: Article) => {
      const kept = evidenceTexts.get(a);
      if (kept !== undefined) {
        evidenceTexts.delete(a);
        evidenceChars -= kept.length;
        return typeof kept === 'string' ? kept : kept.toString('utf8');
      }
      const reduced = reducedEvidence.get(a);
      if (reduced !== undefined) return reduced;
      const stored = readMarkerSync(store.done(a.id));
      const bytes = stored?.marker.segKey === a.marker!.segKey ? stored.evidence : undefined;
      if (bytes === undefined) throw new Error(`glossary evidence of ${a.id} is missing from ${store.root}: remove it and run again`);
      return bytes.toString('utf8');
    };
    // The articles' match texts, from the store's text pack (one file) where it has them, else from their .prep
    // files (src/cache/texts.ts). Loaded on first use: a re-run whose term list did not change reads no text.
    const textsFile = store.file('texts', `${engine}.bin`);
    let textPack: TextPack | undefined | null = null;
    const loadTextPack = (): TextPack | undefined => {
      if (textPack === null) {
        try {
          textPack = TextPack.fromBuffer(readFileSync(textsFile));
        } catch {
          textPack = undefined;
        }
      }
      return textPack;
    };
    const preparedText = (prepKey: string): string | undefined => loadTextPack()?.get(prepKey) ?? readPreparedTextSync(preparedFile(store, prepKey));
    await filesChecking;
    // Synchronous reads: thousands of small files, and no worker is waiting for the main thread yet.
    for (const a of mineReady) {
      const indexed = doneIndex?.entries.get(a.id);
      if (indexed) work.doneIndex!.markers++;
      const stored = indexed ?? readMarkerSync(store.done(a.id));
      const m = stored?.marker;
      // (A marker of outputs holds their evidence: parseMarker returns none without it.)
      const stands = () => {
        a.marker = m;
        termListsInUse.add(m!.termsHash);
        if (indexed) reducedEvidence.set(a, indexed.evidence);
        else if (!shard) keepEvidence(a, stored!.evidence as Buffer);
      };
      if (m && m.prepKey === a.prepKey && m.id === a.id && (m.failed || outputFilesExist(a.id))) {
        if (m.failed) {
          if (m.termsHash === termsHash && merge) {
            a.marker = m;
            continue;
          }
        } else if (m.termsHash === termsHash || facts[m.prepKey] === m.segKey) {
          stands();
          continue;
        } else if (facts[m.prepKey] === undefined) {
          // Written with another term list: its result stands unless a term occurring in it came or went.
          const diff = diffAgainst(m.termsHash);
          const text = diff && diff.added.terms.length > 0 ? preparedText(a.prepKey!) : '';
          if (diff && text !== undefined) {
            const matched = rematch(m.matched, termSet, diff.added, () => text);
            const same = sameList(matched, m.matched);
            // (The same terms: the marker's segKey, which is segKeyOf(prepKey, matched).)
            facts[m.prepKey] = same ? m.segKey : segKeyOf(m.prepKey, matched);
            newFacts++;
            if (same) {
              stands();
              continue;
            }
          }
        }
      }
      if (merge) notSegmented.push(a);
      else toSegment.push(a);
    }
    if (newFacts) await writeJson(factsFile, facts);
    // The text pack for the next run: rewritten when this run prepared articles and the pack misses many of them (or
    // there is none), from the loaded pack and the .prep files of the rest (a plain run only: shards share the store
    // and each knows only its own articles).
    const packKeys = mineReady.map((a) => a.prepKey!);
    if (!shard && !merge && (work.prepared > 0 || !existsSync(textsFile)) && (loadTextPack()?.outOfDate(packKeys) ?? true)) {
      saveLater.push(async () => {
        const entries: [string, string][] = [];
        let chars = 0;
        for (const key of packKeys) {
          const text = preparedText(key);
          if (text === undefined) continue;
          chars += text.length;
          // (A corpus too large to hold its texts in memory keeps reading them one by one.)
          if (chars > TEXT_PACK_MAX_CHARS) return remove(textsFile);
          entries.push([key, text]);
        }
        await writeFileAtomic(textsFile, TextPack.toBuffer(entries));
      });
    }
    if (notSegmented.length) {
      const sample = notSegmented.slice(0, 5).map((a) => a.id);
      throw new IncompleteError(
        `${notSegmented.length} article(s) have no up-to-date outputs (e.g. ${sample.join(', ')}). Run every shard ` +
          '(qingxi run --shard I/N, after the prepare pass of all of them) before qingxi merge, with the same corpus and configuration.',
      );
    }
    work.segmentedReused = mineReady.length - toSegment.length;
    phaseMs.segmentCheck = performance.now() - t;
    // The glossary needs every article's statements before it knows which terms' occurrences it needs. While the
    // workers segment, the main thread (otherwise waiting) takes the statements of the articles that keep their
    // outputs, and of each segmented one as its result comes in; the occurrences of those terms are taken in a
    // second pass at the end, in id order (the builder does not depend on the order; id order keeps its sentence-id
    // lists growing at the end, the cheap case). The texts of the first pass are kept for the second, up to a
    // budget (a large corpus reads them again). Reads are synchronous: thousands of small files, each read costs
    // four thread-pool round trips otherwise.
    const builder = shard ? undefined : new GlossaryBuilder(await glossaryOpts(), disc.discovered);
    const inBuilder = new Set<Article>();
    const kept = toSegment.length && builder ? mineReady.filter((a) => a.marker && !a.marker.failed).sort((x, y) => cmp(x.id, y.id)) : [];
    // Then, still while the workers segment, the occurrences in those articles of the terms known by then to be
    // wanted (the wanted terms only grow as statements come in: the rest are taken at the end).
    const early = new Set<Article>();
    let earlyWanted: Set<string> | undefined;
    const preload = inOrder(kept, 16, readEvidence, (text, a) => {
      builder!.addStatements(a.id, evidenceHead(text).other);
      if (!reducedEvidence.has(a)) keepEvidence(a, text);
      inBuilder.add(a);
    })
      .then(async () => {
        if (!kept.length) return;
        const wanted = builder!.entryTerms();
        earlyWanted = wanted;
        for (const [i, a] of kept.entries()) {
          const text = await evidenceFor(a, wanted);
          builder!.addOccurrences(a.id, takeOccurrences(a, text, wanted), 'early');
          early.add(a);
          // (A turn of the event loop now and then, so that the workers get their next tasks meanwhile.)
          if (i % 64 === 63) await new Promise((resolve) => setImmediate(resolve));
        }
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    /**
     * The evidence of `a` to take the occurrences of `wanted` from: the index's reduced evidence when it answers for
     * them (every term not among the index's wanted ones is absent from the article's text), else the full one.
     */
    async function evidenceFor(a: Article, wanted: ReadonlySet<string>): Promise<string> {
      const text = await readEvidence(a);
      if (!reducedEvidence.has(a)) return text;
      let newTerms = newTermsOf.get(wanted);
      if (newTerms === undefined) {
        const list = [...wanted].filter((w) => !doneIndex!.wanted.has(w));
        newTerms = list.length ? new TermMatcher(list) : null;
        newTermsOf.set(wanted, newTerms);
      }
      if (newTerms === null) return text;
      const match = preparedText(a.prepKey!);
      if (match !== undefined && newTerms.match(match).length === 0) return text;
      reducedEvidence.delete(a);
      work.doneIndex!.fullEvidence++;
      return readEvidence(a);
    }
    const newTermsOf = new Map<ReadonlySet<string>, TermMatcher | null>();
    // What the next run's done index keeps of the evidence (taken as the glossary takes the occurrences).
    const nextIndex = new DoneIndexBuilder(DONE_INDEX_MAX_CHARS);
    const takeOccurrences = (a: Article, text: string, wanted: ReadonlySet<string>) => parseRows(nextIndex.take(a.id, text, wanted), a.id);
    // No marker may change while an index stands: it goes before the first segment task is handed out.
    let indexRemoved = false;
    // (Synchronous: while an unlink waited for libuv's pool, the glossary's first pass below, which starts before
    // it, held the main thread for 30-40 ms before the first segment task was handed out.)
    const removeIndex = () => {
      if (indexRemoved) return;
      indexRemoved = true;
      removeSync(doneIndexFile);
    };

    // (Awaited at the end: the corpus-wide outputs do not wait for the saved counts, and the first segment tasks do
    // not wait for them either: the saves start a turn of the event loop later, once the tasks are handed out.)
    if (toSegment.length) removeIndex();
    const saving = saveState();
    saving.catch(() => undefined);
    await segmentArticles(toSegment, true);

    async function segmentArticles(list: Article[], retryLost: boolean): Promise<void> {
      if (list.length) removeIndex();
      const results = await phase('segment', list, (a) =>
        run<SegmentResult>({ kind: 'segment', id: a.id, prepKey: a.prepKey!, termsHash, store: ref, withEvidence: builder !== undefined })
          .then((r) => {
            // The glossary takes each article's evidence as its result comes in (main thread, while workers segment).
            if (r.ok && r.evidenceText !== undefined) {
              builder!.addStatements(a.id, evidenceHead(r.evidenceText).other);
              keepEvidence(a, r.evidenceText);
              inBuilder.add(a);
              delete r.evidenceText;
            }
            return r;
          })
          .catch(
          (e: Error): SegmentResult => ({
            ok: false,
            marker: { id: a.id, prepKey: a.prepKey!, termsHash, segKey: '', matched: [], failed: { path: a.doc.path, line: a.doc.line, reason: `crashed the worker: ${e.message}` } },
          }),
        ),
      );
      const again: Article[] = [];
      results.forEach((r, i) => {
        const a = list[i]!;
        if (r.ok) {
          a.marker = r.marker;
          if (r.reused) work.segmentedReused++;
          else {
            work.segmented++;
            segmentedIds.push(a.id);
            if (r.timeMs !== undefined) articleMs[a.id] = r.timeMs;
          }
          for (const [name, ms] of Object.entries(r.stageMs)) stageMs[name] = (stageMs[name] ?? 0) + ms;
        } else if (r.missing) again.push(a);
        else a.marker = r.marker;
      });
      if (!again.length) return;
      if (retryLost) {
        // Prepared records lost from the store: prepare those articles again, then segment them (once).
        await prepareArticles(again);
        work.prepared += again.length;
        for (const a of again) if (a.prepFailure) failures.push(a.prepFailure);
        await segmentArticles(again.filter((a) => a.prepKey !== undefined && !a.prepFailure), false);
      } else {
        for (const a of again) failures.push({ path: a.doc.path, line: a.doc.line, id: a.id, reason: `its prepared record is missing from ${store.root}` });
      }
    }
    phaseMs.segment = performance.now() - t;

    // ----- Results of this run's articles, in id order -----
    t = performance.now();
    const done = mineReady.filter((a) => a.marker && !a.marker.failed).sort((x, y) => cmp(x.id, y.id));
    for (const a of mineReady) {
      const f = a.marker?.failed;
      if (f) failures.push({ path: f.path, ...(f.line !== undefined ? { line: f.line } : {}), id: a.id, reason: f.reason });
    }
    const rows = done.map((a) => a.marker!.row!);
    const keepOutputs = new Set(done.map((a) => a.id));
    const keepMarkers = new Set(mine.map((a) => a.id));

    // The key of corpus.jsonl now and before this run (the store keeps the line keys of the current one).
    let corpusNow: string | undefined;
    let corpusBefore: string | undefined;
    let finishCorpusOutputs = async (): Promise<void> => undefined;
    if (!shard) {
      // ----- 4. Corpus-wide outputs, rebuilt from the stored per-article results when their inputs changed -----
      const outputsFile = store.file('outputs.json');
      const state = (await readJson<OutputsState>(outputsFile)) ?? {};
      const corpusKeys: CorpusKeys = done.map((a) => [a.id, a.marker!.segKey]);
      const pairs = JSON.stringify(corpusKeys);
      const corpusKey = hashOf('corpus.jsonl', engine, pairs);
      // The keys of the lines of corpus.jsonl, kept beside it: the next rewrite copies the lines that stay.
      const corpusKeysFile = (key: string) => store.file('corpus', `${key}.json`);
      corpusNow = corpusKey;
      corpusBefore = state.corpus;
      const glossaryKey = hashOf('glossary', engine, discoveryKey, pairs);
      const corpusDue = state.corpus !== corpusKey || !existsSync(path.join(out, 'corpus.jsonl'));
      const glossaryDue = state.glossary !== glossaryKey || !existsSync(path.join(out, 'glossary.json'));
      if (corpusDue || glossaryDue) {
        if (corpusDue) delete state.corpus;
        if (glossaryDue) delete state.glossary;
        await writeJson(outputsFile, state);
      }
      // Files that need no corpus-wide state are written by a worker thread when one is up (the main thread
      // meanwhile builds the glossary, then goes on with the report).
      const inThread = (task: Task, here: () => Promise<void>): Promise<void> => (active ? run<void>(task) : here());
      let writing: Promise<unknown> = Promise.resolve();
      if (corpusDue) {
        const lines: CorpusLine[] = done.map((a) => ({ id: a.id, meta: a.marker!.jsonlMeta, segKey: a.marker!.segKey }));
        const previousKeys = corpusBefore !== undefined ? corpusKeysFile(corpusBefore) : undefined;
        const task: Task = { kind: 'corpus-jsonl', out, lines, storeRoot: store.root, ...(previousKeys ? { previousKeys } : {}) };
        // (Handed out now, before the glossary: the thread writes it while the main thread builds the glossary. The
        // keys file is for the next run; state.corpus is recorded only once both are written.)
        const corpusWritten = Promise.all([writeJson(corpusKeysFile(corpusKey), corpusKeys), inThread(task, async () => writeCorpusJsonl(out, lines, store.root, previousKeys))]).then(() => {
          phaseMs.corpusJsonl = performance.now() - t;
        });
        corpusWritten.catch(() => undefined);
        writing = corpusWritten;
      }
      if (glossaryDue) {
        const failed = await preload;
        if (failed) throw failed;
        await inOrder(
          done.filter((a) => !inBuilder.has(a)),
          16,
          readEvidence,
          (text, a) => {
            builder!.addStatements(a.id, evidenceHead(text).other);
            keepEvidence(a, text);
          },
        );
        const wanted = builder!.entryTerms();
        const late = new Set([...wanted].filter((w) => !earlyWanted?.has(w)));
        await inOrder(
          done.filter((a) => !early.has(a) || late.size > 0),
          16,
          (a) => evidenceFor(a, early.has(a) ? late : wanted),
          (text, a) => {
            if (early.has(a)) builder!.addOccurrences(a.id, takeOccurrences(a, text, late), 'late');
            else builder!.addOccurrences(a.id, takeOccurrences(a, text, wanted));
          },
        );
        const entries = builder!.entries();
        // The TBX (the slowest to build) by a worker thread too, when one is up (after corpus.jsonl when there is
        // one thread, as in a re-run of a small change: its segment tasks are done by then); the rest here.
        // (The TBX's concepts are kept in the store by entry: those of unchanged entries are not built again.)
        const writers = import('../glossary/write.js');
        const concepts = tbxConceptsFile(store, engine);
        const glossaryWritten = active
          ? Promise.all([run<void>({ kind: 'glossary-tbx', out, entries, concepts }), writers.then((w) => w.writeGlossaryTables(out, entries))])
          : writers.then((w) => w.writeGlossary(out, entries, concepts));
        // The done index for the next run, unless this one neither changed a marker nor wants other terms.
        const indexText =
          doneIndex && !indexRemoved && sameList([...doneIndex.wanted], [...wanted].sort(cmp)) && doneIndex.entries.size === done.length
            ? undefined
            : nextIndex.text(engine, wanted, done.map((a) => a.marker!));
        const indexWritten = indexText === undefined ? Promise.resolve() : writeFileAtomic(doneIndexFile, indexText);
        writing = Promise.all([writing, glossaryWritten, indexWritten]).then(() => {
          phaseMs.glossary = performance.now() - t;
        });
        writing.catch(() => undefined);
      }
      // Recorded as written once they are (awaited after the report, or before a sweep of temporary files; once).
      const finish = async () => {
        await writing;
        if (corpusDue) {
          state.corpus = corpusKey;
          work.corpusOutputs.push('corpus.jsonl');
        }
        if (glossaryDue) {
          state.glossary = glossaryKey;
          work.corpusOutputs.push('glossary');
        }
        if (corpusDue || glossaryDue) await writeJson(outputsFile, state);
      };
      let finishing: Promise<void> | undefined;
      finishCorpusOutputs = () => (finishing ??= finish());
    }

    // ----- Articles gone from the corpus (or failed): their outputs go; leftovers of killed runs go -----
    const state: Partial<LastRun> = { complete: true, knowledgeKey, discoveryKey, termsHash };
    if (fullSweep) {
      // (The sweep takes temporary files for leftovers of killed runs: the corpus-wide files are written first, and
      // the saved counts, whose writes may still be in flight in a short run: a sweep then took the temporary file
      // of the term list from under its rename, and the run failed.)
      await saving;
      await finishCorpusOutputs();
      // (Not in a folder this run made, when every article came through: nothing there is stale, and walking the
      // output tree was a tenth of a second of a 600-article run's end.)
      if (!freshOut || !failures.every(isSkip)) removedIds.push(...(await removeStale(out, store, keepOutputs, keepMarkers, shard)));
    } else {
      const failedIds = mine.filter((a) => a.prepFailure || a.marker?.failed).map((a) => a.id);
      removedIds.push(...(await removeOutputsOf([...gone, ...failedIds], out, store, keepOutputs, keepMarkers)));
    }
    work.removed = removedIds.length;
    const summary = summarize(rows);
    if (!shard) {
      const { failures: _f, stageMs: _s, phaseMs: _p, timeMs: _t, work: _w, mode: _m, ...totals } = summary;
      const report = `${JSON.stringify({ totals, failures: summary.failures, articles: rows }, null, 1)}\n`;
      const reportFile = path.join(out, 'report.json');
      const reportDue = (await readText(reportFile)) !== report;
      if (reportDue) await writeFileAtomic(reportFile, report);
      await finishCorpusOutputs();
      if (reportDue) work.corpusOutputs.push('report.json');
      // The store keeps what the current corpus uses.
      const keep: Record<string, Set<string>> = {
        keys: new Set(articles.map((a) => a.doc.docKey)),
        prep: new Set(articles.map((a) => a.doc.docKey)),
        prepared: new Set(articles.flatMap((a) => (a.prepKey ? [a.prepKey] : []))),
        // (Older builds stored the evidence apart: what they left goes.)
        evidence: new Set(),
        knowledge: new Set([knowledgeKey]),
        corpus: new Set(corpusNow ? [corpusNow] : []),
        terms: new Set([discoveryKey]),
        termlists: termListsInUse,
        segkeys: new Set([termsHash]),
        discovery: new Set([engine]),
        background: new Set([engine]),
        templates: new Set([engine]),
        texts: new Set([engine]),
        tbx: new Set([engine]),
      };
      if (fullSweep) await collectGarbage(store, keep);
      else {
        garbage.knowledge = new Set(previous?.knowledgeKey ? [previous.knowledgeKey] : []);
        garbage.corpus = new Set(corpusBefore ? [corpusBefore] : []);
        garbage.terms = new Set(previous?.discoveryKey ? [previous.discoveryKey] : []);
        garbage.termlists = new Set(previous?.termsHash ? [previous.termsHash] : []);
        garbage.segkeys = new Set(previous?.termsHash ? [previous.termsHash] : []);
        await deleteGarbage(store, garbage, keep);
      }
    }
    phaseMs.corpus = performance.now() - t;
    summary.timeMs = Math.round(performance.now() - t0);
    await saving;
    await writeLastRun(summary, state);
    return summary;

    function summarize(rowsOf: ReportRow[]): RunSummary {
      failures.sort((a, b) => cmp(a.path, b.path) || (a.line ?? 0) - (b.line ?? 0) || cmp(a.reason, b.reason));
      const sum = (f: (r: ReportRow) => number) => rowsOf.reduce((n, r) => n + f(r), 0);
      return {
        files: files.length,
        articles: rowsOf.length,
        failed: failures.filter((f) => !isSkip(f)).length,
        skipped: failures.filter(isSkip).length,
        charsIn: sum((r) => r.charsIn),
        charsOut: sum((r) => r.charsOut),
        linesRemoved: sum((r) => r.linesRemoved),
        sentences: sum((r) => r.sentences),
        tokens: sum((r) => r.tokens),
        warnings: sum((r) => r.warnings.length),
        termsAdded: opts.prepareOnly ? 0 : terms.length,
        timeMs: Math.round(performance.now() - t0),
        failures,
        stageMs,
        phaseMs,
        work,
        mode,
      };
    }

    async function writeLastRun(s?: RunSummary, extra?: Partial<LastRun>): Promise<void> {
      const body = s ?? summarize([]);
      const list = (ids: string[]) => [...ids].sort(cmp).slice(0, ID_LIST);
      const record: LastRun = {
        mode,
        timeMs: Math.round(performance.now() - t0),
        phaseMs,
        stageMs,
        work,
        ids: { prepared: list(preparedIds), segmented: list(segmentedIds), removed: list(removedIds) },
        articleMs: Object.fromEntries(Object.entries(articleMs).sort(([x], [y]) => cmp(x, y))),
        failures: body.failures.length,
        ...extra,
      };
      await writeJson(lastRunFile, record);
    }
  } catch (e) {
    await saveState().catch(() => undefined);
    throw e;
  } finally {
    for (const p of pools.values()) await p.pool.destroy();
  }
}

/** Summary of dependencies against the current knowledge (for the quick check next time). */
function summaryNow(deps: Deps, k: KnowledgeView): DepsSummary {
  const s: DepsSummary = { sites: deps.sites.map(([site]) => [site, k.siteHash(site)]) };
  if (deps.all !== undefined) s.all = k.hash;
  return s;
}

/** A temporary file of an atomic write (io/atomic.ts): `.<name>.<pid>.<thread>.<random>.<n>.tmp`. */
function isTmp(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp');
}

/**
 * Remove the outputs of articles that are not (or no longer) done: gone from the corpus, or failed. Also removes
 * temporary files left by a killed run and folders left empty. A shard touches only its own articles.
 * Returns the articles whose outputs were removed.
 */
async function removeStale(out: string, store: Store, keepOutputs: Set<string>, keepMarkers: Set<string>, shard: Shard | undefined): Promise<string[]> {
  const removed = new Set<string>();
  const mineId = (id: string) => !shard || shardOf(id, shard.count) === shard.index;
  const sweep = async (dir: string, exts: readonly string[], keep: Set<string>, count: boolean) => {
    if (!existsSync(dir)) return;
    for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (!e.isFile()) continue;
      const abs = path.join(e.parentPath, e.name);
      if (isTmp(e.name)) {
        // Another shard may be writing into the same folders: leave its temporary files alone.
        if (!shard) await rm(abs, { force: true });
        continue;
      }
      const rel = path.relative(dir, abs).split(path.sep).join('/');
      const ext = exts.find((x) => rel.endsWith(x));
      if (ext === undefined) continue;
      const id = rel.slice(0, -ext.length);
      if (keep.has(id) || !mineId(id)) continue;
      await rm(abs, { force: true });
      if (count) removed.add(id);
    }
    await removeEmptyDirs(dir);
  };
  // Outputs first, then markers: a marker never outlives its files' removal.
  await sweep(path.join(out, 'articles'), ['.txt', '.json'], keepOutputs, true);
  await sweep(path.join(out, 'aligned'), ['.tsv'], keepOutputs, true);
  await sweep(path.join(store.root, 'done'), ['.json'], keepMarkers, false);
  if (!shard) {
    for (const dir of [out, store.root, store.file('shards')]) {
      if (!existsSync(dir)) continue;
      for (const e of await readdir(dir, { withFileTypes: true })) if (e.isFile() && isTmp(e.name)) await rm(path.join(dir, e.name), { force: true });
    }
  }
  return [...removed].sort(cmp);
}

/** Remove the outputs (and markers) of the given articles, unless they are kept; prune folders left empty. */
async function removeOutputsOf(ids: Iterable<string>, out: string, store: Store, keepOutputs: Set<string>, keepMarkers: Set<string>): Promise<string[]> {
  const removed: string[] = [];
  for (const id of new Set(ids)) {
    if (!keepOutputs.has(id)) {
      const p = articlePaths(out, id);
      let any = false;
      for (const f of [p.txt, p.json, p.tsv]) {
        if (existsSync(f)) {
          await rm(f, { force: true });
          await pruneUp(path.dirname(f), out);
          any = true;
        }
      }
      if (any) removed.push(id);
    }
    if (!keepMarkers.has(id)) {
      await rm(store.done(id), { force: true });
      await pruneUp(path.dirname(store.done(id)), store.root);
    }
  }
  return removed.sort(cmp);
}

/** Remove `dir` and its parents while they are empty, up to (not including) the output folders. */
async function pruneUp(dir: string, root: string): Promise<void> {
  const stops = new Set([root, path.join(root, 'articles'), path.join(root, 'aligned'), path.join(root, 'done')]);
  while (!stops.has(dir) && dir.startsWith(root)) {
    try {
      await rmdir(dir);
    } catch {
      return;
    }
    dir = path.dirname(dir);
  }
}

/** Delete named stored results (those a run replaced), except what the current corpus still uses. */
async function deleteGarbage(store: Store, garbage: Record<string, Set<string>>, keep: Record<string, Set<string>>): Promise<void> {
  for (const [kind, keys] of Object.entries(garbage)) {
    for (const key of keys) {
      if (keep[kind]?.has(key)) continue;
      if (kind === 'knowledge' || kind === 'terms' || kind === 'termlists' || kind === 'segkeys' || kind === 'corpus') await remove(store.file(kind, `${key}.json`));
      else if (kind === 'prepared') await remove(preparedFile(store, key));
      else await remove(store.keyed(kind, key));
    }
  }
}

async function removeEmptyDirs(dir: string): Promise<boolean> {
  let empty = true;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.isDirectory() && (await removeEmptyDirs(path.join(dir, e.name)))) continue;
    empty = false;
  }
  if (empty) await rmdir(dir).catch(() => undefined);
  return empty;
}

/**
 * Delete stored results no current article uses (after a complete, unsharded run), so the store holds one
 * corpus's worth of results. Shards never collect: others may still need what looks unused.
 */
async function collectGarbage(store: Store, keep: Record<string, Set<string>>): Promise<void> {
  for (const [kind, set] of Object.entries(keep)) {
    const dir = store.file(kind);
    if (!existsSync(dir)) continue;
    for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (!e.isFile()) continue;
      const key = e.name.replace(/\..*$/, '');
      if (isTmp(e.name) || !set.has(key)) await remove(path.join(e.parentPath, e.name));
    }
    await removeEmptyDirs(dir);
  }
}
