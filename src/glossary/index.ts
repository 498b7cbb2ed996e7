/**
 * The glossary's public surface, as the pipeline uses it: per-article term statistics (before segmentation),
 * corpus-wide term discovery, the words fed back to the segmenter, evidence from segmented records, the builder
 * and the writers.
 */
export { collectEvidence } from './pairs.js';
import { GlossaryBuilder as Builder } from './build.js';
export { writeGlossary } from './write.js';
export type { GlossaryEntry, TermEvidence } from './types.js';
import type { ArticleRecord } from '../types.js';

/** Per-article statistics for term discovery (first version: none). */
export type ArticleTermStats = Record<string, never>;
export interface DiscoveredTerm {
  term: string;
}
export function termStatsOf(_rec: ArticleRecord): ArticleTermStats {
  return {};
}
export class TermDiscovery {
  constructor(_options: unknown) {}
  add(_articleId: string, _stats: ArticleTermStats): void {}
  discover(): DiscoveredTerm[] {
    return [];
  }
}
export function termsForSegmenter(terms: DiscoveredTerm[]): string[] {
  return terms.map((t) => t.term);
}

/** Interim adapter to the builder's constructor (options, discovered terms). */
export class GlossaryBuilder extends Builder {
  constructor(options: { minCount: number }, _discovered: DiscoveredTerm[]) {
    super(options.minCount);
  }
}
