/** One English equivalent of a term, with where it came from. */
export interface EnglishEquivalent {
  text: string;
  source: 'text' | 'dictionary';
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

/** A term occurrence found in one article. */
export interface TermEvidence {
  term: string;
  english?: string;
  /** The term as written in the source script, when it differs. */
  variant?: string;
  sentenceId: string;
}
