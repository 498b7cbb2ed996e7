import type { Root } from 'nlcst';
import { readBytes, readBytesSync, type Store } from '../cache/store.js';
import { MappedText } from '../text/mapped.js';
import type { LineNode, SentenceNode } from '../stages/tree.js';
import type { ArticleRecord } from '../types.js';

/**
 * A prepared article is stored in one file, `prepared/<prepKey>.prep`: the record (an ArticleRecord before
 * segmentation; term statistics are computed from it again when a run needs those of an article it did not
 * prepare) and its Simplified text for term matching (src/cache/terms.ts). The file is a header line
 * `qingxi-prepared/1 <UTF-8 bytes of the text>`, the text, then the record's JSON: a reader that wants only the
 * text (the segment check re-matches new terms against thousands of articles) decodes it without parsing the
 * record.
 */
export function preparedFile(store: Store, prepKey: string): string {
  return store.keyed('prepared', prepKey, '.prep');
}

const MAGIC = 'qingxi-prepared/1 ';

/** The contents of a prepared file. */
export function preparedText(text: string, rec: ArticleRecord): string {
  return `${MAGIC}${Buffer.byteLength(text)}\n${text}${JSON.stringify(rec)}`;
}

/** Where the text is in a prepared file's bytes; undefined when they are not one (a cache miss). */
function textSpan(buf: Buffer): [start: number, end: number] | undefined {
  const nl = buf.indexOf(10);
  if (nl < MAGIC.length || buf.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
  const digits = buf.toString('latin1', MAGIC.length, nl);
  if (!/^\d+$/.test(digits)) return undefined;
  const end = nl + 1 + Number(digits);
  return end <= buf.length ? [nl + 1, end] : undefined;
}

/** The record after the text of a prepared file's bytes; undefined when it is not valid JSON. */
function recordAt(buf: Buffer, span: [start: number, end: number]): ArticleRecord | undefined {
  try {
    return JSON.parse(buf.toString('utf8', span[1])) as ArticleRecord;
  } catch {
    return undefined;
  }
}

/** A prepared file's text and record, from its bytes. */
export function parsePrepared(buf: Buffer): { text: string; record: ArticleRecord } | undefined {
  const span = textSpan(buf);
  const record = span && recordAt(buf, span);
  return record && { text: buf.toString('utf8', span[0], span[1]), record };
}

/** The text and record of a stored prepared article; undefined when absent or unreadable. */
export function readPreparedSync(file: string): { text: string; record: ArticleRecord } | undefined {
  const buf = readBytesSync(file);
  return buf && parsePrepared(buf);
}

/** The record of a stored prepared article; undefined when absent or unreadable. */
export async function readPreparedRecord(file: string): Promise<ArticleRecord | undefined> {
  const buf = await readBytes(file);
  const span = buf && textSpan(buf);
  return span && recordAt(buf, span);
}

/** The Simplified text of a stored prepared article (the record is not decoded); undefined when absent or unreadable. */
export function readPreparedTextSync(file: string): string | undefined {
  const buf = readBytesSync(file);
  const span = buf && textSpan(buf);
  return span && buf.toString('utf8', span[0], span[1]);
}

/**
 * The nlcst tree of a prepared record, as the `segment` stage expects it: paragraphs holding sentence nodes
 * with their original and Simplified text. Offsets survive in the record itself; the tree's sentences map each
 * code unit to the sentence's whole span.
 */
export function treeOfRecord(rec: ArticleRecord): Root {
  return {
    type: 'RootNode',
    children: rec.paragraphs.map(
      (p): LineNode => ({
        type: 'ParagraphNode',
        data: { line: { text: MappedText.empty(), kind: p.kind, blankBefore: true } },
        children: p.sentences.map(
          (s): SentenceNode => ({
            type: 'SentenceNode',
            children: [],
            data: { sentence: { original: MappedText.spanning(s.original, s.start, s.end), simplified: s.text } },
          }),
        ),
      }),
    ),
  };
}

/** Copy the tokens of a segmented tree back into its record. */
export function tokensIntoRecord(rec: ArticleRecord, tree: Root): void {
  let tokens = 0;
  tree.children.forEach((p, i) => {
    if (p.type !== 'ParagraphNode') return;
    p.children.forEach((s, k) => {
      if (s.type !== 'SentenceNode') return;
      const t = s.data?.sentence?.tokens ?? [];
      rec.paragraphs[i]!.sentences[k]!.tokens = t;
      tokens += t.length;
    });
  });
  rec.stats.tokens = tokens;
}
