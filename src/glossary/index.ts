/**
 * The glossary's public surface, as the pipeline uses it: per-article term statistics (before segmentation),
 * corpus-wide term discovery, the words fed back to the segmenter, evidence from segmented records, the builder
 * and the writers.
 *
 *   prepare (worker):  termStatsOf(prepared)                  → ArticleTermStats
 *   main:              new TermDiscovery(opts).add(id, stats)  → discover() → DiscoveredTerm[]
 *                      termsForSegmenter(terms)                → Segmenter.addWords
 *   segment (worker):  collectEvidence(segmented)             → TermEvidence[]
 *   main:              new GlossaryBuilder(opts, terms).add(id, evidence) → entries() → writeGlossary(out, entries)
 *
 * `opts` comes from `await loadGlossaryOptions(cfg)` (stoplist, heads lexicon, force/ban lists, and CC-CEDICT
 * when `glossary.dictionary` is on), or `glossaryOptions(cfg)` without the dictionary.
 */
export { termStatsOf, statsGrams, STATS_MAX_LENGTH } from './stats.js';
export { TermDiscovery, termsForSegmenter } from './discovery.js';
export { collectEvidence } from './evidence.js';
export { evidenceHead, evidenceHeadLine, evidenceRows, occurrencesOf, parseEvidence, parseRows, rowTerm, serializeEvidence } from './evidence-store.js';
export { GlossaryBuilder, type ResolvedPair } from './build.js';
export { writeGlossary, writeGlossaryTables, writeGlossaryTbx, glossaryTsv, glossaryCsv, glossaryTbx } from './write.js';
export { glossaryOptions, loadGlossaryOptions, resolveOptions, type GlossaryOptions } from './options.js';
export { findPairs, classifyChinese, classifyEnglish } from './pairs.js';
export type {
  ArticleTermStats,
  DiscoveredTerm,
  EnglishEquivalent,
  GlossaryEntry,
  PreparedRecord,
  RejectReason,
  TermEvidence,
} from './types.js';
