import type { ArticleRecord } from '../types.js';

/** An article record after the stages up to `convert`: sentences carry original and Simplified text, `tokens: []`. */
export type PreparedRecord = ArticleRecord;

/** One English equivalent of a term, with where it came from. */
export interface EnglishEquivalent {
  text: string;
  /** `text`: stated in the corpus; `dictionary`: a CC-CEDICT gloss (never mixed with text evidence). */
  source: 'text' | 'dictionary';
  /** Times the corpus states it (0 for dictionary glosses). */
  count: number;
}

export interface GlossaryEntry {
  /** The term in Simplified Chinese. */
  term: string;
  /** Traditional forms seen in the sources. */
  variants: string[];
  english: EnglishEquivalent[];
  count: number;
  docs: number;
  score: number;
  /** Ids of the first sentences where the term occurs. */
  evidence: string[];
}

/**
 * Per-article statistics for monolingual term discovery, computed before segmentation (plain data: typed arrays,
 * which cross between threads as bytes).
 * Character n-grams of the Han runs of the Simplified sentences: counts of n = 1 .. maxLength + 1, so that the
 * left and right neighbours of an n-gram are read from the (n+1)-grams around it.
 */
export interface ArticleTermStats {
  /** Han characters counted. */
  chars: number;
  /** The grams' UTF-16 code units, one gram after another, in order of first occurrence in the article. */
  gramChars: Uint16Array;
  /** The length of each gram. */
  lengths: Uint8Array;
  /** The count of each gram. */
  counts: Int32Array;
  /** Chinese terms a bilingual statement delimits exactly (`English（中文）`, `X一词可翻译成Y`): `[term, count]`. */
  pairTerms: [string, number][];
}

/** A term found by corpus-wide discovery (statistics, exact bilingual statements, or configuration). */
export interface DiscoveredTerm {
  term: string;
  /** Occurrences (substring counts over the corpus). */
  count: number;
  docs: number;
  /** Cohesion: the smallest pointwise mutual information over the term's binary splits (natural log). */
  pmi: number;
  /** Branching entropy of the characters before / after the term (natural log). */
  leftEntropy: number;
  rightEntropy: number;
  /** C-value (frequency corrected for nesting in longer candidates, weighted by length). */
  cvalue: number;
  /** log of (relative frequency in the corpus / relative frequency in jieba's general dictionary). */
  domain: number;
  score: number;
  source: 'statistics' | 'pair' | 'forced';
  /**
   * Two words that also occur apart (训练大模型 = 训练 + 大模型): a term for the glossary, but not a word for the
   * segmenter's dictionary.
   */
  compound?: boolean;
}

/** Why a bracket or statement was not taken as a translation. */
export type RejectReason =
  | 'aside'
  | 'explanation'
  | 'date'
  | 'version'
  | 'id'
  | 'count'
  | 'editorial'
  | 'hypernym'
  | 'mismatch'
  | 'not-a-term'
  | 'no-boundary';

/** A boundary candidate for the Chinese side of `中文（English）`: a token-aligned suffix of the Han run. */
export interface BoundaryCandidate {
  text: string;
  /** Segmenter tokens it spans. */
  tokens: number;
  /** Occurrences of the string in the article. */
  count: number;
}

/** Evidence found in one segmented article. */
export type TermEvidence = PairEvidence | OccurrenceEvidence | RejectedEvidence;

/** A bilingual statement: a Chinese term and one or more English forms. */
export interface PairEvidence {
  kind: 'pair';
  /**
   * The Chinese term when the statement delimits it exactly (`English（中文）`, bracket lists, `X一词…`);
   * otherwise the builder chooses among `candidates` with corpus-wide agreement.
   */
  term?: string;
  candidates?: BoundaryCandidate[];
  /** English forms (an acronym and its expansion give two). */
  english: string[];
  /** The Chinese as written in the source script, when it differs (aligned with `term` or with each candidate). */
  variant?: string;
  variants?: (string | undefined)[];
  /** `zh-en` (`中文（English）`), `en-zh` (`English（中文）`), `statement` (`X一词可翻译成Y` …). */
  pattern: 'zh-en' | 'en-zh' | 'statement';
  sentenceId: string;
}

/** Occurrences of one word (a segmenter token) in one article. */
export interface OccurrenceEvidence {
  kind: 'occurrence';
  term: string;
  count: number;
  /** First sentence ids, in article order. */
  sentenceIds: string[];
  /** Source-script forms that differ from `term`. */
  variants: string[];
}

/** A bracket that looked bilingual but is not a translation (kept for review and tests). */
export interface RejectedEvidence {
  kind: 'rejected';
  reason: RejectReason;
  text: string;
  sentenceId: string;
}
