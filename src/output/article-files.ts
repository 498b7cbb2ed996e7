import { existsSync } from 'node:fs';
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

/** Whether all three output files of an article are there (one deleted by hand makes the article be written again). */
export function articleFilesExist(out: string, id: string): boolean {
  const p = articlePaths(out, id);
  return existsSync(p.json) && existsSync(p.txt) && existsSync(p.tsv);
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

const TSV_SPECIAL = /[\\\t\r\n]/;
const TSV_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\r': '\\r', '\n': '\\n' };

function tsvCell(s: string): string {
  return TSV_SPECIAL.test(s) ? s.replace(/[\\\t\r\n]/g, (c) => TSV_ESCAPES[c]!) : s;
}

/** One row per sentence: id, original, Simplified, tokens joined by spaces; tabs and newlines escaped. */
export function alignedTsv(rec: ArticleRecord): string {
  const rows = ['id\toriginal\tsimplified\ttokens'];
  for (const p of rec.paragraphs) {
    for (const s of p.sentences) rows.push([s.id, s.original, s.text, s.tokens.join(' ')].map(tsvCell).join('\t'));
  }
  return `${rows.join('\n')}\n`;
}

/** `[` + one item per line + `]`, items indented by `indent`. */
function lines(items: readonly string[], indent: string): string {
  return items.length ? `[\n${items.map((i) => indent + i).join(',\n')}\n${indent.slice(1)}]` : '[]';
}

/**
 * The article's JSON record, without run timings (so that outputs are byte-identical from run to run).
 * One field per line at the top, one paragraph header and one sentence (tokens included) per line below it, one
 * removal per line: readable with line tools and diffs, and a fraction of the size (and writing time) of
 * indenting every token.
 */
export function articleJson(rec: ArticleRecord): string {
  const { stats, ...rest } = rec;
  const { timeMs: _t, stageMs: _s, ...counts } = stats;
  const record: Record<string, unknown> = { ...rest, stats: counts };
  const fields = Object.entries(record).map(([k, v]) => {
    let value: string;
    if (k === 'paragraphs') {
      value = lines(
        rec.paragraphs.map((p) => {
          const { sentences, ...head } = p;
          const h = JSON.stringify(head);
          return `${h === '{}' ? '{' : `${h.slice(0, -1)},`}"sentences":${lines(sentences.map((x) => JSON.stringify(x)), '    ')}}`;
        }),
        '  ',
      );
    } else if (k === 'removed' || k === 'warnings') {
      value = lines((v as unknown[]).map((x) => JSON.stringify(x)), '  ');
    } else {
      value = JSON.stringify(v);
    }
    return ` ${JSON.stringify(k)}: ${value}`;
  });
  return `{\n${fields.join(',\n')}\n}\n`;
}
