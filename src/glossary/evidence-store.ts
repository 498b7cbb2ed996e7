import type { OccurrenceEvidence, TermEvidence } from './types.js';

/**
 * An article's glossary evidence as stored between the segment phase and the glossary build. The first line is
 * JSON: the article's id and its statements and rejected brackets (few, and every one is needed). Each further
 * line is one occurrence row, `term<TAB>count<TAB>sentences[<TAB>variants as JSON]`, with sentence ids written
 * without the article's id (`3:1 3:5`): one row per word type of the article, nearly all of the text.
 *
 * The glossary needs the occurrences of its entries only (discovered terms and terms of bilingual statements),
 * a small share of the word types: the build reads every article's first line, learns which terms it needs, and
 * then takes only their rows (`occurrencesOf`), without parsing the rest.
 */
interface Head {
  article: string;
  other: TermEvidence[];
}

export function serializeEvidence(articleId: string, evidence: readonly TermEvidence[]): string {
  const prefix = `${articleId}:`;
  const local = (id: string) => (id.startsWith(prefix) ? id.slice(prefix.length) : `=${id}`);
  const head: Head = { article: articleId, other: [] };
  const rows: string[] = [];
  for (const e of evidence) {
    if (e.kind !== 'occurrence') head.other.push(e);
    else {
      const sentences = e.sentenceIds.map(local).join(' ');
      rows.push(`${e.term}\t${e.count}\t${sentences}${e.variants.length ? `\t${JSON.stringify(e.variants)}` : ''}`);
    }
  }
  return [JSON.stringify(head), ...rows].join('\n');
}

/** The first line of stored evidence (the head: JSON of the article id, statements and rejected brackets). */
export function evidenceHeadLine(text: string): string {
  const nl = text.indexOf('\n');
  return nl === -1 ? text : text.slice(0, nl);
}

/** The article id and the evidence other than occurrences (statements and rejected brackets), in their order. */
export function evidenceHead(text: string): Head {
  return JSON.parse(evidenceHeadLine(text)) as Head;
}

/** The term of an occurrence row. */
export const rowTerm = (row: string): string => row.slice(0, row.indexOf('\t'));

/**
 * The occurrence rows (as stored) of the terms `wanted` accepts (all of them without `wanted`), in their stored
 * order. Stored evidence can be reduced to a head and some of its rows (`[head, ...rows].join('\n')`): it then
 * answers for those rows' terms only.
 */
export function evidenceRows(text: string, wanted?: ReadonlySet<string>): string[] {
  const out: string[] = [];
  let at = text.indexOf('\n');
  while (at !== -1) {
    const start = at + 1;
    at = text.indexOf('\n', start);
    if (wanted && !wanted.has(text.slice(start, text.indexOf('\t', start)))) continue;
    out.push(text.slice(start, at === -1 ? undefined : at));
  }
  return out;
}

/** Occurrence rows parsed. `article` is the id the rows' sentence ids are relative to (the head's). */
export function parseRows(rows: readonly string[], article: string): OccurrenceEvidence[] {
  const prefix = `${article}:`;
  const full = (id: string) => (id.startsWith('=') ? id.slice(1) : prefix + id);
  return rows.map((row) => {
    const [term, count, sentences, variants] = row.split('\t') as [string, string, string, string?];
    return {
      kind: 'occurrence',
      term,
      count: Number(count),
      sentenceIds: sentences ? sentences.split(' ').map(full) : [],
      variants: variants ? (JSON.parse(variants) as string[]) : [],
    };
  });
}

/**
 * The occurrence rows of the terms `wanted` accepts (all of them without `wanted`), in their stored order (terms
 * sorted). `article` is the id the rows' sentence ids are relative to (the head's).
 */
export function occurrencesOf(text: string, article: string, wanted?: ReadonlySet<string>): OccurrenceEvidence[] {
  return parseRows(evidenceRows(text, wanted), article);
}

/** The evidence `serializeEvidence` stored (occurrences first, then the rest in their order). */
export function parseEvidence(text: string): TermEvidence[] {
  const head = evidenceHead(text);
  return [...occurrencesOf(text, head.article), ...head.other];
}
