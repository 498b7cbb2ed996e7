import type { CorpusKnowledge } from '../stages/context.js';

/** Corpus knowledge as it travels to worker threads (plain data). */
export interface SerializedKnowledge {
  templateLines: [string, string[]][];
}

/** What every worker is started with. */
export interface WorkerInit {
  pipelineDir: string;
  knowledge: SerializedKnowledge;
  extraWords: string[];
}

export function emptyKnowledge(): CorpusKnowledge {
  return { templateLines: new Map() };
}

export function serializeKnowledge(k: CorpusKnowledge): SerializedKnowledge {
  return { templateLines: [...k.templateLines].map(([site, set]) => [site, [...set].sort()]) };
}

export function deserializeKnowledge(s: SerializedKnowledge): CorpusKnowledge {
  return { templateLines: new Map(s.templateLines.map(([site, lines]) => [site, new Set(lines)])) };
}
