import type { ArticleTermStats, TermEvidence } from '../glossary/index.js';
import type { CorpusFile } from '../io/discover.js';
import type { ReadFailure } from '../io/read.js';

/**
 * The work a pipeline run hands to its worker threads, one corpus file or one article at a time, in three
 * phases separated by corpus-wide barriers:
 * 1. survey: decode each file, list its articles and the keys of their short lines (for template chrome);
 * 2. prepare: run every stage up to `convert`, store the prepared record, return its term statistics;
 * 3. segment: segment the prepared record (with the terms discovered across the corpus), write its outputs.
 */
export type Task = SurveyTask | PrepareTask | SegmentTask;

export interface SurveyTask {
  kind: 'survey';
  file: CorpusFile;
}

export interface PrepareTask {
  kind: 'prepare';
  file: CorpusFile;
  /** Articles of this file whose id another file already uses: reported, not processed. */
  skipIds: string[];
  /** JSON file with the serialised corpus knowledge (template lines). */
  knowledgeFile: string;
  /** Folder where prepared records are stored. */
  workDir: string;
}

export interface SegmentTask {
  kind: 'segment';
  id: string;
  workDir: string;
  out: string;
  /** JSON file with the words the corpus added to the segmenter's dictionary. */
  termsFile: string;
}

export interface SurveyedDoc {
  id: string;
  path: string;
  line?: number;
  site: string;
  keys: string[];
}

export interface SurveyResult {
  docs: SurveyedDoc[];
  failures: ReadFailure[];
}

export interface PreparedArticle {
  id: string;
  stats: ArticleTermStats;
}

export interface PrepareResult {
  articles: PreparedArticle[];
  failures: ReadFailure[];
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

export type SegmentResult =
  | { ok: true; row: ReportRow; evidence: TermEvidence[]; stageMs: Record<string, number> }
  | { ok: false; failure: ReadFailure };
