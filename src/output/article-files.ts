import path from 'node:path';
import type { ArticleRecord } from '../types.js';

/** Paths of one article's outputs under the output folder. */
export function articlePaths(out: string, id: string) {
  return {
    txt: path.join(out, 'articles', `${id}.txt`),
    json: path.join(out, 'articles', `${id}.json`),
    tsv: path.join(out, 'aligned', `${id}.tsv`),
  };
}

/** The cleaned Simplified text: title first, one paragraph per block, blocks separated by one blank line. */
export function articleText(rec: ArticleRecord): string {
  const blocks = rec.paragraphs.map((p) => joinSentences(p.sentences.map((s) => s.text)));
  return blocks.length ? `${blocks.join('\n\n')}\n` : '';
}

/**
 * Sentences of one block, with a space between two that would otherwise glue Latin words together. Pieces are
 * collected and joined once: testing the end of a growing concatenated string flattens it every time, which is
 * quadratic on a long one-line article (minutes for 5 MB).
 */
function joinSentences(sentences: readonly string[]): string {
  const parts: string[] = [];
  let last = '';
  for (const s of sentences) {
    if (!s) continue;
    if (last && /[A-Za-z0-9.,;:!?'")]$/.test(last) && /^[A-Za-z0-9"'(]/.test(s)) parts.push(' ');
    parts.push(s);
    last = s;
  }
  return parts.join('');
}

function tsvCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}

/** One row per sentence: id, original, Simplified, tokens joined by spaces; tabs and newlines escaped. */
export function alignedTsv(rec: ArticleRecord): string {
  const rows = ['id\toriginal\tsimplified\ttokens'];
  for (const p of rec.paragraphs) {
    for (const s of p.sentences) rows.push([s.id, s.original, s.text, s.tokens.join(' ')].map(tsvCell).join('\t'));
  }
  return `${rows.join('\n')}\n`;
}

/** The article's JSON record, without run timings (so that outputs are byte-identical from run to run). */
export function articleJson(rec: ArticleRecord): string {
  const { stats, ...rest } = rec;
  const { timeMs: _t, stageMs: _s, ...counts } = stats;
  return `${JSON.stringify({ ...rest, stats: counts }, null, 1)}\n`;
}
