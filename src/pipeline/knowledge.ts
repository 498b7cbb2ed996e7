import type { CorpusKnowledge } from '../stages/context.js';

/** Corpus knowledge as it travels to worker threads (plain data, in a JSON file of the run). */
export interface SerializedKnowledge {
  templateLines: [string, string[]][];
}

export function emptyKnowledge(): CorpusKnowledge {
  return { templateLines: new Map() };
}

export function serializeKnowledge(k: CorpusKnowledge): SerializedKnowledge {
  return {
    templateLines: [...k.templateLines]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([site, set]) => [site, [...set].sort()]),
  };
}

export function deserializeKnowledge(s: SerializedKnowledge): CorpusKnowledge {
  return { templateLines: new Map(s.templateLines.map(([site, lines]) => [site, new Set(lines)])) };
}

/**
 * Counts, per site, in how many articles each line key occurs; keys reaching `minArticles` are template lines.
 * Sites are counted separately: a line is template chrome only where one site repeats it.
 */
export class TemplateCounter {
  private readonly counts = new Map<string, Map<string, number>>();

  add(site: string, keys: readonly string[]): void {
    let m = this.counts.get(site);
    if (!m) {
      m = new Map();
      this.counts.set(site, m);
    }
    for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  }

  knowledge(minArticles: number): CorpusKnowledge {
    const templateLines = new Map<string, Set<string>>();
    for (const [site, m] of this.counts) {
      const set = new Set<string>();
      for (const [k, n] of m) if (n >= minArticles) set.add(k);
      if (set.size) templateLines.set(site, set);
    }
    return { templateLines };
  }
}
