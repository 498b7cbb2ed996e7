import type { VFile } from 'vfile';
import type { LoadedConfig } from '../config/load.js';
import type { ArticleMeta, Removal, SourceDoc } from '../types.js';

/** Corpus-wide knowledge a stage may use (computed before the articles are processed). */
export interface CorpusKnowledge {
  /**
   * Normalised lines that repeat across articles of one site (template chrome), keyed by site.
   * A site is the URL host when known, otherwise the article's folder in the corpus.
   */
  templateLines: Map<string, Set<string>>;
}

/** What every stage gets: configuration, corpus knowledge, and per-worker caches. */
export interface StageContext {
  config: LoadedConfig;
  corpus: CorpusKnowledge;
  /** Words added to the segmenter's dictionary for this run (terms discovered by the glossary). */
  extraWords?: string[];
}

/** Data qingxi keeps on each article's vfile while it moves through the stages. */
export interface ArticleFileData {
  source: SourceDoc;
  meta: ArticleMeta;
  removed: Removal[];
  stageMs: Record<string, number>;
  linesIn: number;
}

declare module 'vfile' {
  interface DataMap {
    article: ArticleFileData;
  }
}

export function articleData(file: VFile): ArticleFileData {
  const d = file.data.article;
  if (!d) throw new Error('qingxi: vfile has no article data');
  return d;
}

/** The site an article belongs to, for template detection. */
export function siteOf(source: SourceDoc): string {
  const url = typeof source.meta.url === 'string' ? source.meta.url : undefined;
  if (url) {
    try {
      return new URL(url).host.replace(/^www\./, '');
    } catch {
      /* fall through */
    }
  }
  const slash = source.id.lastIndexOf('/');
  return slash === -1 ? '.' : source.id.slice(0, slash);
}
