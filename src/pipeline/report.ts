import type { ArticleRecord } from '../types.js';
import type { ReportRow } from './tasks.js';

/** An article's row in output/report.json (no timings: the report is byte-identical from run to run). */
export function reportRow(rec: ArticleRecord): ReportRow {
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
  };
}
