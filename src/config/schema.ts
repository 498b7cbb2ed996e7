import { z } from 'zod';

/** Every stage qingxi knows, in the order they may run. */
export const STAGE_NAMES = [
  'punctuation',
  'script',
  'chrome',
  'metadata',
  'reflow',
  'sentences',
  'convert',
  'segment',
] as const;
export type StageName = (typeof STAGE_NAMES)[number];

export const ConfigSchema = z
  .object({
    /** Stages to run, in order. Removing one skips it (e.g. drop `chrome` to keep every line). */
    stages: z.array(z.enum(STAGE_NAMES)).default([...STAGE_NAMES]),
    punctuation: z
      .object({
        /** ASCII , ? ! : ; ( ) between Chinese characters become full-width. */
        fullWidthPunctuation: z.boolean().default(true),
        /** Full-width Latin letters and digits become half-width. */
        halfWidthAlnum: z.boolean().default(true),
      })
      .strict()
      .default({ fullWidthPunctuation: true, halfWidthAlnum: true }),
    script: z
      .object({
        /** `auto` detects per article; a fixed region forces one converter for every article. */
        region: z.enum(['auto', 'tw', 'hk', 'generic', 'cn']).default('auto'),
        /** Use phrase conversion where opencc-js has it (Taiwan: 軟體→软件, 網路→网络). */
        phrases: z.boolean().default(true),
      })
      .strict()
      .default({ region: 'auto', phrases: true }),
    chrome: z
      .object({
        /** Chrome lexicon (data file in pipeline/). */
        lexicon: z.string().default('chrome-lexicon.json'),
        /** A line seen in at least this many articles of one site is template chrome. */
        templateMinArticles: z.number().int().min(2).default(3),
      })
      .passthrough()
      .default({ lexicon: 'chrome-lexicon.json', templateMinArticles: 3 }),
    sentences: z
      .object({
        /**
         * ； ends a sentence. Off by default: in the UD Chinese and MAC-Dev gold standards clauses joined by ；
         * stay one sentence (splitting there costs exact-match F1 on both).
         */
        splitAtSemicolon: z.boolean().default(false),
      })
      .strict()
      .default({ splitAtSemicolon: false }),
    segment: z
      .object({
        /** User dictionary (data file in pipeline/): `word [frequency] [tag]` per line. */
        userDictionary: z.string().default('userdict.txt'),
        hmm: z.boolean().default(true),
      })
      .strict()
      .default({ userDictionary: 'userdict.txt', hmm: true }),
    glossary: z
      .object({
        /** A monolingual term needs this many occurrences (a bilingual pair needs one). */
        minCount: z.number().int().min(1).default(2),
        /** Stoplist (data file in pipeline/): words that are never terms, besides jieba's stop words. */
        stoplist: z.string().optional(),
        /** Heads lexicon (data file in pipeline/): Chinese head words and English equivalents (hypernym check). */
        heads: z.string().optional(),
        /** Terms always kept and added to the segmenter; terms never kept. */
        force: z.array(z.string()).default([]),
        ban: z.array(z.string()).default([]),
        /** English glosses from CC-CEDICT for terms without a stated translation (loads ~400 MB, ~3.5 s). */
        dictionary: z.boolean().default(false),
        /** Term discovery: longest term (2..6 characters), cohesion, branching entropy, domain ratio, limits. */
        maxTermLength: z.number().int().min(2).max(6).optional(),
        minPmi: z.number().optional(),
        minEntropy: z.number().min(0).optional(),
        minDomain: z.number().optional(),
        maxGrams: z.number().int().min(1000).optional(),
        maxTerms: z.number().int().min(1).optional(),
        /** Sentence ids kept per glossary entry. */
        evidence: z.number().int().min(1).optional(),
      })
      .passthrough()
      .default({ minCount: 2, force: [], ban: [], dictionary: false }),
  })
  .strict();

export type PipelineConfig = z.infer<typeof ConfigSchema>;
