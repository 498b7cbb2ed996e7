import type { MappedText } from './text/mapped.js';

/** Input formats qingxi reads. */
export type SourceFormat = 'txt' | 'md' | 'html' | 'jsonl';

/** One article as read from the corpus, before any stage ran. */
export interface SourceDoc {
  /** Article id: path under the corpus without extension, or a JSONL record's id / `<file>:<line>`. */
  id: string;
  /** Path of the file under the corpus, with forward slashes. */
  path: string;
  format: SourceFormat;
  /** 1-based line number for JSONL records. */
  line?: number;
  encoding: string;
  /** Decoded text of the article (plain text, Markdown or HTML source). */
  content: string;
  /** Whether `content` is HTML. */
  html: boolean;
  /** Metadata that came with the source (JSONL fields other than text/html, sidecar metadata). */
  meta: Record<string, unknown>;
  /** Warnings raised while reading and decoding. */
  warnings: string[];
}

export type BlockKind = 'title' | 'heading' | 'paragraph' | 'list-item' | 'quote' | 'caption' | 'other';

/** DOM cues of an HTML block (absent for plain text). */
export interface DomCues {
  /** Tag name of the block element. */
  tag: string;
  /** Ancestor tag names and class/id tokens, outermost first, `tag.class#id`. */
  path: string[];
  /** Characters inside links / all characters. */
  linkDensity: number;
}

/** A removed line or block, with the rule that removed it. */
export interface Removal {
  /** Source span, UTF-16 code units of the decoded source. */
  start: number;
  end: number;
  text: string;
  /** Rule id, e.g. `lexicon:comment-box`, `template`, `outside-body`, `metadata:author`. */
  rule: string;
  /** Score or detail that explains the decision. */
  detail?: string;
}

/** Per-line/block data carried on nlcst paragraph nodes while the document moves through the stages. */
export interface LineData {
  text: MappedText;
  kind: BlockKind;
  dom?: DomCues;
  /** Content-likeness score given by the chrome stage. */
  score?: number;
  /** The line was preceded by a blank line (or is a separate block in HTML). */
  blankBefore: boolean;
}

/** Per-sentence data carried on nlcst sentence nodes. */
export interface SentenceData {
  /** Sentence text in the source script, cleaned. */
  original: MappedText;
  /** Simplified text (set by the convert stage). */
  simplified?: string;
  /** Tokens of the Simplified text (set by the segment stage). */
  tokens?: string[];
}

// Aliases: inside the augmentation, nlcst's own `SentenceData` would shadow qingxi's.
type QingxiLineData = LineData;
type QingxiSentenceData = SentenceData;

declare module 'nlcst' {
  interface Data {
    line?: QingxiLineData;
    sentence?: QingxiSentenceData;
  }
}

/** Script and region of an article. */
export type Script = 'simplified' | 'traditional' | 'mixed' | 'none';
export type Region = 'tw' | 'hk' | 'generic' | 'cn';

export interface ArticleMeta {
  title?: string;
  author?: string;
  source?: string;
  published?: string;
  url?: string;
  script: Script;
  region: Region;
  /** opencc-js converter used: `<from>→cn`, or `none`. */
  converter: string;
  /** sha256 of the decoded source text. */
  contentHash: string;
  [key: string]: unknown;
}

export interface SentenceRecord {
  id: string;
  original: string;
  text: string;
  tokens: string[];
  start: number;
  end: number;
}

export interface ParagraphRecord {
  index: number;
  kind: BlockKind;
  sentences: SentenceRecord[];
}

export interface ArticleStats {
  charsIn: number;
  charsOut: number;
  linesIn: number;
  linesRemoved: number;
  paragraphs: number;
  sentences: number;
  tokens: number;
  warnings: number;
  timeMs: number;
  /** Milliseconds spent in each stage. */
  stageMs: Record<string, number>;
}

/** Everything qingxi writes about one article (`output/articles/<id>.json`). */
export interface ArticleRecord {
  id: string;
  source: { path: string; format: SourceFormat; line?: number; encoding: string };
  offsets: 'utf16-code-units-of-decoded-source';
  meta: ArticleMeta;
  paragraphs: ParagraphRecord[];
  removed: Removal[];
  warnings: string[];
  stats: ArticleStats;
}
