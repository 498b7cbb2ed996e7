import type { CorpusFile } from '../io/discover.js';
import type { ReadFailure } from '../io/read.js';
import type { Deps, DepsSummary } from './knowledge.js';
import type { CorpusLine } from '../output/corpus-jsonl.js';
import type { ArticleTermStats, GlossaryEntry } from '../glossary/types.js';

/**
 * The work a pipeline run hands to its worker threads, one corpus file or one article at a time, in three
 * phases separated by corpus-wide barriers:
 * 1. survey: decode each file, list its articles, their content keys and the keys of their short lines;
 * 2. prepare: run every stage up to `convert`, store the prepared record and its matching text under a key
 *    made of the article's content and the knowledge lookups it made;
 * 3. segment: segment the prepared record (with the terms discovered across the corpus), write its outputs and
 *    its marker.
 * Besides: 'warm' loads the segmenter early; 'corpus-jsonl' and 'glossary-tbx' write output/corpus.jsonl and
 * output/glossary.tbx off the main thread; 'outputs-missing' checks which articles lack an output file.
 * Every task result is also stored, so a later run (or another shard) reuses it.
 */
export type Task = SurveyTask | PrepareTask | SegmentTask | WarmTask | CorpusJsonlTask | GlossaryTbxTask | OutputsMissingTask;

/** Where the store is and the engine key every cache key includes. */
export interface StoreRef {
  /** The output folder (the store is its `.qingxi/`). */
  out: string;
  engine: string;
}

export interface SurveyTask {
  kind: 'survey';
  file: CorpusFile;
  store: StoreRef;
}

export interface SurveyedDoc {
  id: string;
  path: string;
  line?: number;
  site: string;
  /** Hash of the engine and the whole source article (content, metadata, path). */
  docKey: string;
  /** The keys of its short lines (also stored under keys/<docKey>). */
  keys: string[];
}

export interface SurveyResult {
  docs: SurveyedDoc[];
  failures: ReadFailure[];
}

export interface PrepareTask {
  kind: 'prepare';
  file: CorpusFile;
  /** The articles of this file to prepare, with the content key the survey found. */
  articles: { id: string; docKey: string }[];
  /** Key of the corpus knowledge (knowledge/<key>.json in the store). */
  knowledgeKey: string;
  store: StoreRef;
  /** Return each article's term statistics with the result. */
  withStats?: boolean;
  /**
   * Load the segmenter's dictionary once this thread has sent the results of its prepare tasks (a tiny change's one
   * thread: the main thread gets the results first, and the dictionary loads while it discovers terms).
   */
  warmAfter?: boolean;
}

/** One prepared variant of an article: its key and the knowledge lookups it depended on. */
export interface PrepVariant {
  prepKey: string;
  deps: Deps;
  /** Set when processing threw: the reason (a deterministic failure is a result like any other). */
  failed?: string;
}

export type PreparedArticle =
  | {
      id: string;
      ok: true;
      prepKey: string;
      summary: DepsSummary;
      /**
       * Its term statistics (typed arrays, copied between threads as bytes), so that the main thread can count
       * them as results come in.
       */
      stats?: ArticleTermStats;
    }
  | { id: string; ok: false; prepKey: string; summary: DepsSummary; failure: ReadFailure };

export interface PrepareResult {
  articles: PreparedArticle[];
  /** Articles that could not be prepared for a reason that is not a result (e.g. the file changed meanwhile). */
  failures: ReadFailure[];
  stageMs: Record<string, number>;
}

export interface SegmentTask {
  kind: 'segment';
  id: string;
  prepKey: string;
  /** Hash of the words added to the segmenter (termlists/<hash>.json in the store). */
  termsHash: string;
  store: StoreRef;
  /** Return the article's glossary evidence (as stored) with the result. */
  withEvidence?: boolean;
}

/**
 * Load the segmenter's dictionary (the configured user dictionary, without discovered terms) in the thread that
 * takes this task, before any article is ready to segment. Result: milliseconds spent.
 */
export interface WarmTask {
  kind: 'warm';
}

/** Write output/corpus.jsonl (src/output/corpus-jsonl.ts) in a worker thread. */
export interface CorpusJsonlTask {
  kind: 'corpus-jsonl';
  out: string;
  lines: CorpusLine[];
  storeRoot: string;
  /** The store file with the keys of the corpus.jsonl now in `out` (its unchanged lines are copied). */
  previousKeys?: string;
}

/** Which of these articles lack one of their three output files (the ids, in the order given). */
export interface OutputsMissingTask {
  kind: 'outputs-missing';
  out: string;
  ids: string[];
}

/** Write output/glossary.tbx (src/glossary/write.ts) in a worker thread. */
export interface GlossaryTbxTask {
  kind: 'glossary-tbx';
  out: string;
  entries: GlossaryEntry[];
  /** The store file of the TBX's concepts by entry (those of unchanged entries are reused). */
  concepts: string;
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
}

/**
 * done/<id>.json: which result the article's output files hold (the file's first line; their glossary evidence
 * follows, see src/pipeline/marker.ts). Written after them; removed before they are rewritten, so a marker never
 * describes files that are not there.
 */
export interface DoneMarker {
  id: string;
  prepKey: string;
  termsHash: string;
  /** Hash of prepKey and the discovered terms occurring in the article. */
  segKey: string;
  /** The discovered terms occurring in the article. */
  matched: string[];
  /** When segmentation or writing failed: the failure (no output files). */
  failed?: { path: string; line?: number; reason: string };
  row?: ReportRow;
  /** `meta` of the article's corpus.jsonl line. */
  jsonlMeta?: Record<string, unknown>;
}

export type SegmentResult =
  | {
      ok: true;
      marker: DoneMarker;
      reused: boolean;
      stageMs: Record<string, number>;
      /** Article time (prepare + segment), when processed now. */
      timeMs?: number;
      /** The glossary evidence as stored (serializeEvidence), when asked for. */
      evidenceText?: string;
    }
  | { ok: false; missing: 'prepared'; id: string }
  | { ok: false; missing?: undefined; marker: DoneMarker };
