import { isHanCode, KANA } from './lexicon.js';
import { findPairs } from './pairs.js';
import type { ArticleTermStats, PreparedRecord } from './types.js';

/** Longest term statistics can discover; n-grams are counted one longer, for the neighbours. */
export const STATS_MAX_LENGTH = 6;

/** The Han runs of a sentence (a run ends at any non-Han character). */
export function hanRuns(text: string): string[] {
  const runs: string[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const han = i < text.length && isHanCode(text.charCodeAt(i));
    if (han && start < 0) start = i;
    else if (!han && start >= 0) {
      runs.push(text.slice(start, i));
      start = -1;
    }
  }
  return runs;
}

/** Sentences whose Simplified text is evidence for Chinese terms (Japanese sentences with kana are not). */
export function* chineseSentences(rec: PreparedRecord) {
  for (const p of rec.paragraphs) for (const s of p.sentences) if (!KANA.test(s.text)) yield s;
}

/**
 * Per-article statistics for term discovery, from the Simplified sentences before segmentation: counts of every
 * character n-gram (n = 1 .. STATS_MAX_LENGTH + 1) inside Han runs, and the Chinese terms that bilingual
 * statements delimit exactly. Runs in a worker; the result is plain data, in text order (deterministic).
 */
export function termStatsOf(rec: PreparedRecord): ArticleTermStats {
  const grams = new Map<string, number>();
  const pairTerms = new Map<string, number>();
  let chars = 0;
  const maxN = STATS_MAX_LENGTH + 1;
  for (const { text } of chineseSentences(rec)) {
    for (const run of hanRuns(text)) {
      chars += run.length;
      for (let i = 0; i < run.length; i++) {
        const top = Math.min(maxN, run.length - i);
        for (let n = 1; n <= top; n++) {
          const g = run.slice(i, i + n);
          grams.set(g, (grams.get(g) ?? 0) + 1);
        }
      }
    }
    for (const p of findPairs(text).pairs) {
      if (p.zh) pairTerms.set(p.zh.text, (pairTerms.get(p.zh.text) ?? 0) + 1);
    }
  }
  // In text order (deterministic for a given article); sorting a few thousand n-grams per article costs more
  // than counting them.
  return { chars, grams: [...grams.keys()], counts: [...grams.values()], pairTerms: [...pairTerms] };
}

/**
 * Term statistics as stored between the phases: the grams joined into one string (grams are Han runs, never a
 * newline), which parses several times faster than an array of pairs.
 */
export function serializeStats(s: ArticleTermStats): string {
  return JSON.stringify({ chars: s.chars, grams: s.grams.join('\n'), counts: s.counts, pairTerms: s.pairTerms });
}

export function parseStats(text: string): ArticleTermStats {
  const o = JSON.parse(text) as { chars: number; grams: string; counts: number[]; pairTerms: [string, number][] };
  const grams = o.grams ? o.grams.split('\n') : [];
  if (grams.length !== o.counts.length) throw new Error('term statistics: grams and counts differ in length');
  return { chars: o.chars, grams, counts: o.counts, pairTerms: o.pairTerms };
}
