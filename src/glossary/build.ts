import type { GlossaryEntry, TermEvidence } from './types.js';

interface Acc {
  term: string;
  variants: Set<string>;
  english: Map<string, number>;
  count: number;
  docs: Set<string>;
  evidence: string[];
}

const EVIDENCE_KEEP = 5;

/** Aggregates term evidence article by article; entries come out in a deterministic order. */
export class GlossaryBuilder {
  private readonly terms = new Map<string, Acc>();

  constructor(private readonly minCount = 1) {}

  add(articleId: string, evidence: readonly TermEvidence[]): void {
    for (const e of evidence) {
      let a = this.terms.get(e.term);
      if (!a) {
        a = { term: e.term, variants: new Set(), english: new Map(), count: 0, docs: new Set(), evidence: [] };
        this.terms.set(e.term, a);
      }
      a.count++;
      a.docs.add(articleId);
      if (e.variant && e.variant !== e.term) a.variants.add(e.variant);
      if (e.english) a.english.set(e.english, (a.english.get(e.english) ?? 0) + 1);
      a.evidence.push(e.sentenceId);
    }
  }

  entries(): GlossaryEntry[] {
    const out: GlossaryEntry[] = [];
    for (const a of this.terms.values()) {
      if (a.english.size === 0 && a.count < this.minCount) continue;
      const english = [...a.english]
        .map(([text, count]) => ({ text, source: 'text' as const, count }))
        .sort((x, y) => y.count - x.count || (x.text < y.text ? -1 : 1));
      out.push({
        term: a.term,
        variants: [...a.variants].sort(),
        english,
        count: a.count,
        docs: a.docs.size,
        score: a.count * (english.length ? 2 : 1),
        evidence: [...a.evidence].sort().slice(0, EVIDENCE_KEEP),
      });
    }
    return out.sort((x, y) => y.score - x.score || (x.term < y.term ? -1 : x.term > y.term ? 1 : 0));
  }
}
