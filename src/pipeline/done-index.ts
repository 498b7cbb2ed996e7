import { readFileSync } from 'node:fs';
import { cmp } from '../cache/hash.js';
import { evidenceHeadLine, evidenceRows, rowTerm } from '../glossary/evidence-store.js';
import type { DoneMarker } from './tasks.js';

/**
 * `.qingxi/done-index.json`: the markers of the articles done by the last complete run, each with its glossary
 * evidence reduced to the rows of the terms that glossary wanted (its head, the statements, kept whole). A re-run
 * reads this one file instead of every article's marker, and its glossary takes the occurrences of those terms
 * from it instead of scanning every article's full evidence.
 *
 * It is true while no marker was written after it: a run removes it before it hands out its first segment task
 * and writes it again when its glossary is built, so a run killed in between leaves none (the next run reads the
 * markers). It is read only after a complete run of the same engine, as the record of leftovers is. Markers
 * removed since (articles gone, failed) are harmless: an entry stands only where the article, its prepared record
 * and its output files still match, as a marker read from its file does.
 *
 * Reduced evidence answers for the index's wanted terms, and for any other term only where the article's text does
 * not contain it (an occurrence is a token of the article's text): the pipeline reads the full evidence of the
 * articles whose text contains a term wanted now and not then.
 */
export interface DoneIndex {
  /** Terms whose occurrence rows the reduced evidence holds. */
  wanted: ReadonlySet<string>;
  /** By article id: its marker and its reduced evidence. */
  entries: Map<string, { marker: DoneMarker; evidence: string }>;
}

/**
 * The index as saved. In the file: this as JSON on the first line, with each article's evidence replaced by its
 * length, then the evidence of every article, one after the other (JSON never holds a raw newline). Parsing the
 * evidence as JSON strings took a third of the time to read the index; markers are saved without `jsonlMeta`,
 * which only a corpus.jsonl line built again needs (it is read from the marker file then).
 */
export interface SavedDoneIndex {
  version: number;
  engine: string;
  wanted: string[];
  articles: [DoneMarker, string][];
}

const VERSION = 2;

/** The file's text for `saved`. */
export function doneIndexText(saved: SavedDoneIndex): string {
  const head = { ...saved, articles: saved.articles.map(([m, evidence]) => [m, evidence.length]) };
  return `${JSON.stringify(head)}\n${saved.articles.map(([, evidence]) => evidence).join('')}`;
}

/** What `doneIndexText` wrote, or undefined when `text` is not in that form. */
export function parseDoneIndexText(text: string): SavedDoneIndex | undefined {
  const nl = text.indexOf('\n');
  if (nl < 0) return undefined;
  let head: Omit<SavedDoneIndex, 'articles'> & { articles: unknown };
  try {
    head = JSON.parse(text.slice(0, nl)) as typeof head;
  } catch {
    return undefined;
  }
  if (typeof head !== 'object' || head === null || !Array.isArray(head.articles)) return undefined;
  const articles: [DoneMarker, string][] = [];
  let at = nl + 1;
  for (const item of head.articles as unknown[]) {
    if (!Array.isArray(item) || item.length !== 2 || !Number.isInteger(item[1]) || item[1] < 0 || at + item[1] > text.length) return undefined;
    articles.push([item[0] as DoneMarker, text.slice(at, at + item[1])]);
    at += item[1] as number;
  }
  if (at !== text.length) return undefined;
  return { ...head, articles };
}

/** The index in `file` when it was written for `engine` and is whole; undefined otherwise (then markers are read). */
export function readDoneIndex(file: string, engine: string): DoneIndex | undefined {
  let saved: SavedDoneIndex | undefined;
  try {
    saved = parseDoneIndexText(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (saved?.version !== VERSION || saved.engine !== engine || !Array.isArray(saved.wanted)) return undefined;
  const entries = new Map<string, { marker: DoneMarker; evidence: string }>();
  for (const [marker, evidence] of saved.articles) {
    if (typeof marker !== 'object' || marker === null || typeof marker.id !== 'string' || marker.failed) return undefined;
    entries.set(marker.id, { marker, evidence });
  }
  return { wanted: new Set(saved.wanted), entries };
}

/**
 * Collects, article by article, what the index keeps of the evidence the glossary took: the head once and the rows
 * of each set of wanted terms the article was asked for (sets that together make the final wanted set).
 */
export class DoneIndexBuilder {
  private readonly heads = new Map<string, string>();
  private readonly rows = new Map<string, string[]>();
  private chars = 0;
  /** False once more than `maxChars` were taken (an index that large is not written). */
  whole = true;

  constructor(private readonly maxChars: number) {}

  /** The rows of `text` (full or reduced evidence of `id`) for `wanted`, noted for the index and returned. */
  take(id: string, text: string, wanted: ReadonlySet<string>): string[] {
    const rows = evidenceRows(text, wanted);
    if (!this.whole) return rows;
    if (!this.heads.has(id)) {
      const head = evidenceHeadLine(text);
      this.heads.set(id, head);
      this.chars += head.length;
    }
    const list = this.rows.get(id);
    if (list) list.push(...rows);
    else this.rows.set(id, [...rows]);
    for (const r of rows) this.chars += r.length + 1;
    if (this.chars > this.maxChars) {
      this.whole = false;
      this.heads.clear();
      this.rows.clear();
    }
    return rows;
  }

  /**
   * The index's text for these markers (in their order) and the final wanted set; undefined when an article's
   * evidence was not taken (or the index would be too large).
   */
  text(engine: string, wanted: ReadonlySet<string>, markers: readonly DoneMarker[]): string | undefined {
    if (!this.whole) return undefined;
    const articles: [DoneMarker, string][] = [];
    for (const m of markers) {
      const head = this.heads.get(m.id);
      if (head === undefined) return undefined;
      const rows = (this.rows.get(m.id) ?? []).sort((x, y) => cmp(rowTerm(x), rowTerm(y)));
      const { jsonlMeta: _meta, ...marker } = m;
      articles.push([marker, rows.length ? `${head}\n${rows.join('\n')}` : head]);
    }
    return doneIndexText({ version: VERSION, engine, wanted: [...wanted].sort(cmp), articles });
  }
}
