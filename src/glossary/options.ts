import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { LoadedConfig } from '../config/load.js';
import type { PipelineConfig } from '../config/schema.js';
import { PACKAGE_ROOT } from '../version.js';
import { loadCedict, type DictionaryLookup } from './dictionary.js';
import { jiebaStopwords, parseWordList } from './lexicon.js';

/** Everything the glossary's main-thread parts (discovery, builder) need, resolved from pipeline/. */
export interface GlossaryOptions {
  /** A monolingual term needs this many occurrences (bilingual pairs need one). */
  minCount: number;
  /** Words that are never terms (pipeline stoplist plus jieba's stop words). */
  stopwords: Set<string>;
  /** Terms always kept (and added to the segmenter). */
  force: string[];
  /** Terms never kept, in any role. */
  ban: Set<string>;
  /** Chinese head words and their English equivalents (hypernym / mismatch check). */
  heads: Map<string, string[]>;
  /** Longest term (characters) statistics may discover. */
  maxLength: number;
  /** Smallest cohesion (PMI, natural log) of a discovered term. */
  minPmi: number;
  /** Smallest left and right branching entropy (natural log). */
  minEntropy: number;
  /** Smallest log ratio of corpus to background relative frequency. */
  minDomain: number;
  /** Most n-grams term discovery keeps in memory before pruning rare ones. */
  maxGrams: number;
  /** Most terms discovery returns (best first). */
  maxTerms: number;
  /** Sentence ids kept per entry. */
  evidence: number;
  /** CC-CEDICT lookup for terms without a stated translation (only when `dictionary` is enabled). */
  dictionary?: DictionaryLookup;
}

export const DEFAULT_OPTIONS: Omit<GlossaryOptions, 'stopwords' | 'ban' | 'heads' | 'force'> = {
  minCount: 2,
  maxLength: 6,
  minPmi: 2,
  minEntropy: 0.6,
  minDomain: 3,
  maxGrams: 2_000_000,
  maxTerms: 2000,
  evidence: 5,
};

/** Parse the heads lexicon (`{"heads": {"模型": ["model"], ...}}`). */
export function parseHeads(json: string): Map<string, string[]> {
  const raw = JSON.parse(json) as { heads?: Record<string, unknown> };
  const out = new Map<string, string[]>();
  for (const [zh, en] of Object.entries(raw.heads ?? {})) {
    if (Array.isArray(en)) out.set(zh, en.filter((e): e is string => typeof e === 'string').map((e) => e.toLowerCase()));
  }
  return out;
}

/** The `glossary` section of pipeline.json, as the configuration schema gives it. */
export type GlossaryConfig = PipelineConfig['glossary'];

/**
 * What the glossary's constructors accept: resolved options (or some of them), the loaded configuration, the
 * configuration's `glossary` section (its data files are then read from the default pipeline folder), or just a
 * minimum count.
 */
export type GlossaryInput = Partial<GlossaryOptions> | GlossaryConfig | LoadedConfig | number;

function isLoadedConfig(x: unknown): x is LoadedConfig {
  return typeof x === 'object' && x !== null && 'config' in x && 'dir' in x && 'hash' in x;
}

function isConfigSection(x: unknown): x is GlossaryConfig {
  return typeof x === 'object' && x !== null && Array.isArray((x as { ban?: unknown }).ban);
}

/** The pipeline folder the CLI uses by default: ./pipeline when it has a pipeline.json, else qingxi's own. */
function defaultPipelineDir(): string {
  const local = path.resolve('pipeline');
  return existsSync(path.join(local, 'pipeline.json')) ? local : path.join(PACKAGE_ROOT, 'pipeline');
}

/** Options with defaults for whatever is not given. */
export function resolveOptions(given: GlossaryInput = {}): GlossaryOptions {
  if (isLoadedConfig(given)) return glossaryOptions(given);
  if (isConfigSection(given)) return optionsFromSection(given, defaultPipelineDir());
  const g: Partial<GlossaryOptions> = typeof given === 'number' ? { minCount: given } : given;
  return {
    ...DEFAULT_OPTIONS,
    ...Object.fromEntries(Object.entries(g).filter(([, v]) => v !== undefined)),
    stopwords: g.stopwords ?? new Set(jiebaStopwords()),
    force: g.force ?? [],
    ban: g.ban ?? new Set(),
    heads: g.heads ?? new Map(),
  } as GlossaryOptions;
}

function num(v: unknown, d: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : d;
}

/** The glossary options of a loaded configuration (stoplist and heads files read from pipeline/). No dictionary. */
export function glossaryOptions(cfg: LoadedConfig): GlossaryOptions {
  return optionsFromSection(cfg.config.glossary, cfg.dir);
}

function optionsFromSection(section: GlossaryConfig, dir: string): GlossaryOptions {
  const g = section as Record<string, unknown> & { minCount: number; force: string[]; ban: string[]; stoplist?: string };
  const stopwords = new Set(jiebaStopwords());
  if (typeof g.stoplist === 'string') {
    const file = path.resolve(dir, g.stoplist);
    if (existsSync(file)) for (const w of parseWordList(readFileSync(file, 'utf8'))) stopwords.add(w);
  }
  let heads = new Map<string, string[]>();
  if (typeof g.heads === 'string') {
    const file = path.resolve(dir, g.heads);
    if (existsSync(file)) heads = parseHeads(readFileSync(file, 'utf8'));
  }
  return {
    minCount: g.minCount,
    stopwords,
    force: [...g.force],
    ban: new Set(g.ban),
    heads,
    maxLength: num(g.maxTermLength, DEFAULT_OPTIONS.maxLength),
    minPmi: num(g.minPmi, DEFAULT_OPTIONS.minPmi),
    minEntropy: num(g.minEntropy, DEFAULT_OPTIONS.minEntropy),
    minDomain: num(g.minDomain, DEFAULT_OPTIONS.minDomain),
    maxGrams: num(g.maxGrams, DEFAULT_OPTIONS.maxGrams),
    maxTerms: num(g.maxTerms, DEFAULT_OPTIONS.maxTerms),
    evidence: num(g.evidence, DEFAULT_OPTIONS.evidence),
  };
}

/**
 * The glossary options of a configuration, with CC-CEDICT loaded when `glossary.dictionary` is on. Call it once,
 * in the main thread: loading the dictionary takes a few seconds and a few hundred MB.
 */
export async function loadGlossaryOptions(cfg: LoadedConfig): Promise<GlossaryOptions> {
  const opts = glossaryOptions(cfg);
  if ((cfg.config.glossary as { dictionary?: boolean }).dictionary === true) opts.dictionary = await loadCedict();
  return opts;
}
