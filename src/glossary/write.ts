import { readFileSync } from 'node:fs';
import path from 'node:path';
import XMLBuilder from 'fast-xml-builder';
import { writeFileAtomic } from '../io/atomic.js';
import { isAcronym } from './pairs.js';
import type { GlossaryEntry } from './types.js';

const COLUMNS = ['term', 'english', 'dictionary', 'variants', 'count', 'docs', 'score', 'evidence'] as const;

function row(e: GlossaryEntry): string[] {
  return [
    e.term,
    e.english.filter((x) => x.source === 'text').map((x) => x.text).join('; '),
    e.english.filter((x) => x.source === 'dictionary').map((x) => x.text).join('; '),
    e.variants.join('; '),
    String(e.count),
    String(e.docs),
    String(e.score),
    e.evidence.join(' '),
  ];
}

/** Tab-separated: one entry per line; text and dictionary English in separate columns. */
export function glossaryTsv(entries: readonly GlossaryEntry[]): string {
  const cell = (s: string) => s.replace(/[\t\r\n]+/g, ' ');
  return `${[COLUMNS.join('\t'), ...entries.map((e) => row(e).map(cell).join('\t'))].join('\n')}\n`;
}

/** RFC 4180 CSV with a UTF-8 byte-order mark (so spreadsheet programs read the Chinese correctly). */
export function glossaryCsv(entries: readonly GlossaryEntry[]): string {
  const cell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return `\uFEFF${[COLUMNS.join(','), ...entries.map((e) => row(e).map(cell).join(','))].join('\r\n')}\r\n`;
}

/** Attributes are written from keys with this prefix, element text from `#text` (fast-xml-builder's defaults). */
type XmlNode = { [key: string]: string | XmlNode | XmlNode[] | (string | XmlNode)[] };

// jPath false (fast-xml-builder 1.3, not in its typings yet): no callback reads the element path, and building its
// string at every element was a tenth of the time.
const TBX_OPTIONS = { ignoreAttributes: false, attributeNamePrefix: '@_', format: true, indentBy: '  ', processEntities: true, jPath: false };
const TBX_BUILDER = new XMLBuilder(TBX_OPTIONS);

/** An element with text and attributes (`{type: 'termType'}` becomes type="termType"). */
function leaf(text: string, attrs: Record<string, string>): XmlNode {
  const node: XmlNode = { '#text': text };
  for (const [k, v] of Object.entries(attrs)) node[`@_${k}`] = v;
  return node;
}

/** A glossary entry's conceptEntry element, without its id (its position in the glossary). */
function conceptOf(e: GlossaryEntry): XmlNode {
  const langSecs: XmlNode[] = [
    {
      '@_xml:lang': 'zh-Hans',
      termSec: {
        term: e.term,
        termNote: [leaf('fullForm', { type: 'termType' }), leaf('preferredTerm-admn-sts', { type: 'administrativeStatus' })],
      },
    },
  ];
  if (e.variants.length) {
    langSecs.push({ '@_xml:lang': 'zh-Hant', termSec: e.variants.map((v) => ({ term: v, termNote: leaf('variant', { type: 'termType' }) })) });
  }
  if (e.english.length) {
    langSecs.push({
      '@_xml:lang': 'en',
      termSec: e.english.map((x, k) => {
        const notes = [leaf(isAcronym(x.text) ? 'acronym' : 'fullForm', { type: 'termType' })];
        if (x.source === 'text') notes.push(leaf(k === 0 ? 'preferredTerm-admn-sts' : 'admittedTerm-admn-sts', { type: 'administrativeStatus' }));
        const note = x.source === 'text' ? `stated in the corpus ${x.count} time${x.count === 1 ? '' : 's'}` : 'CC-CEDICT gloss, not stated in the corpus';
        return { term: x.text, termNote: notes, note };
      }),
    });
  }
  return {
    note: `count ${e.count}; documents ${e.docs}; score ${e.score}; evidence ${e.evidence.join(' ')}`,
    langSec: langSecs,
  };
}

/** The TBX document around its concepts. */
function tbxDocument(concepts: XmlNode[]): XmlNode {
  return {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    tbx: {
      '@_type': 'TBX-Basic',
      '@_style': 'dca',
      '@_xml:lang': 'en',
      '@_xmlns': 'urn:iso:std:iso:30042:ed-2',
      tbxHeader: {
        fileDesc: {
          sourceDesc: {
            p: 'Glossary mined by qingxi from the corpus: Chinese terms, the English translations the texts state, and optional CC-CEDICT glosses.',
          },
        },
      },
      text: { body: { conceptEntry: concepts } },
    },
  };
}

/** The document built whole by fast-xml-builder, each concept with its id (c1, c2, ...). */
function tbxWhole(entries: readonly GlossaryEntry[]): string {
  const concepts = entries.map((e, i): XmlNode => ({ '@_id': `c${i + 1}`, ...conceptOf(e) }));
  return `${(TBX_BUILDER.build(tbxDocument(concepts)) as string).trimEnd()}\n`;
}

// The same document is also put together from its concepts' text, each built alone at its depth in the document
// (the builder's output for a concept depends on the concept and its depth only), and the document's text around
// them (its frame).
const CONCEPT_OPEN = '      <conceptEntry';
const WRAP_HEAD = '<tbx>\n  <text>\n    <body>\n';
const WRAP_TAIL = '    </body>\n  </text>\n</tbx>\n';

/** A concept's text at its depth in the document; undefined if the builder's output is not in the shape expected. */
function conceptText(concept: XmlNode): string | undefined {
  const text = TBX_BUILDER.build({ tbx: { text: { body: { conceptEntry: [concept] } } } }) as string;
  if (!text.startsWith(WRAP_HEAD + CONCEPT_OPEN) || !text.endsWith(WRAP_TAIL)) return undefined;
  return text.slice(WRAP_HEAD.length, text.length - WRAP_TAIL.length);
}
let frame: { head: string; tail: string } | null | undefined;
/** The document's text before and after its concepts; null if the builder's output is not in the shape expected. */
function tbxFrame(): { head: string; tail: string } | null {
  if (frame !== undefined) return frame;
  const marker: XmlNode = { note: 'qingxi frame' };
  const inner = conceptText(marker);
  const whole = TBX_BUILDER.build(tbxDocument([marker])) as string;
  const at = inner === undefined ? -1 : whole.indexOf(inner);
  frame = inner === undefined || at < 0 || whole.indexOf(inner, at + 1) >= 0 ? null : { head: whole.slice(0, at), tail: whole.slice(at + inner.length) };
  return frame;
}

/**
 * A TBX concept's text by its glossary entry with score 0 (the entry's JSON): a glossary's TBX is rebuilt from the
 * concepts of its previous version where their entries did not change, and only the changed entries go through the
 * builder. (Scores move with the size of the corpus, so a new article changes most of them: a concept is kept with
 * score 0 and its score put in, as the builder writes a number, where the note states it.)
 */
export type TbxConcepts = Map<string, string>;

/** Where a concept's text (without its id) states its score. */
const scoreAt = (e: GlossaryEntry) => `${CONCEPT_OPEN}>\n        <note>count ${e.count}; documents ${e.docs}; score `;

/**
 * TBX-Basic (ISO 30042:2019, DCA style): one conceptEntry per term, a Simplified Chinese langSec (the term and
 * its Traditional variants) and an English langSec (stated translations, then dictionary glosses), each English
 * term with its source and count in a note. Built with fast-xml-builder (a tree of plain objects, serialised in
 * one pass; a DOM builder took three times as long for a glossary of 2,000 terms), which escapes every `&`, `<`,
 * `>`, `'` and `"` in text.
 *
 * With `concepts` (the concepts of an earlier TBX, by entry), only the entries not in it are built, and `concepts`
 * is left holding this glossary's: the same text as the whole document built at once (tests/glossary.test.ts).
 */
export function glossaryTbx(entries: readonly GlossaryEntry[], concepts?: TbxConcepts): string {
  const f = concepts && entries.length ? tbxFrame() : null;
  if (!f) return tbxWhole(entries);
  const parts: string[] = [f.head];
  const now: TbxConcepts = new Map();
  for (const [i, e] of entries.entries()) {
    const unscored = { ...e, score: 0 };
    const key = JSON.stringify(unscored);
    let text = concepts!.get(key) ?? now.get(key);
    if (text === undefined) {
      text = conceptText(conceptOf(unscored));
      if (text === undefined) return tbxWhole(entries);
    }
    const at = scoreAt(e);
    if (!text.startsWith(`${at}0; `)) return tbxWhole(entries);
    now.set(key, text);
    parts.push(`${CONCEPT_OPEN} id="c${i + 1}"${at.slice(CONCEPT_OPEN.length)}${e.score}${text.slice(at.length + 1)}`);
  }
  parts.push(f.tail);
  concepts!.clear();
  for (const [k, v] of now) concepts!.set(k, v);
  return `${parts.join('').trimEnd()}\n`;
}

/** output/glossary.json, .tsv and .csv, each written atomically. */
export async function writeGlossaryTables(out: string, entries: readonly GlossaryEntry[]): Promise<void> {
  await writeFileAtomic(path.join(out, 'glossary.json'), `${JSON.stringify(entries, null, 1)}\n`);
  await writeFileAtomic(path.join(out, 'glossary.tsv'), glossaryTsv(entries));
  await writeFileAtomic(path.join(out, 'glossary.csv'), glossaryCsv(entries));
}

/**
 * output/glossary.tbx, written atomically (the pipeline has a worker thread write it while it writes the rest). With
 * `conceptsFile` (a store file), the concepts of the entries that did not change since it was written are taken
 * from it, and it is written again with this glossary's.
 */
export async function writeGlossaryTbx(out: string, entries: readonly GlossaryEntry[], conceptsFile?: string): Promise<void> {
  if (!conceptsFile) return writeFileAtomic(path.join(out, 'glossary.tbx'), glossaryTbx(entries));
  const concepts = preloaded?.file === conceptsFile ? preloaded.concepts : readConcepts(conceptsFile);
  preloaded = undefined;
  await writeFileAtomic(path.join(out, 'glossary.tbx'), glossaryTbx(entries, concepts));
  await writeFileAtomic(conceptsFile, Buffer.from(conceptsText(concepts), 'utf16le'));
}

// The concepts file: a first line naming the format, then keys and texts, each ended by a NUL (which no XML text
// holds; a pair that does is left out, and built again next time), in UTF-16 (a copy to read and write, where
// UTF-8 is decoded and encoded: Chinese text). Read with one split: JSON took 25 ms for 2 MB.
const CONCEPTS_FORMAT = 'qingxi TBX concepts 2\n';

function conceptsText(concepts: TbxConcepts): string {
  const parts = [CONCEPTS_FORMAT];
  for (const [k, v] of concepts) if (!k.includes('\0') && !v.includes('\0')) parts.push(k, '\0', v, '\0');
  return parts.join('');
}

let preloaded: { file: string; concepts: TbxConcepts } | undefined;

/**
 * Read the concepts file now, for the next writeGlossaryTbx with it (a thread idle before its last task reads it
 * then instead of at the end of the run). The file is keyed by content: a copy read early is as good.
 */
export function preloadConcepts(file: string): void {
  preloaded = { file, concepts: readConcepts(file) };
}

/** The concepts saved in `file`; none when it is missing or not in the format. */
function readConcepts(file: string): TbxConcepts {
  const concepts: TbxConcepts = new Map();
  let text: string;
  try {
    text = readFileSync(file).toString('utf16le');
  } catch {
    return concepts;
  }
  if (!text.startsWith(CONCEPTS_FORMAT) || !text.endsWith('\0')) return concepts;
  const fields = text.slice(CONCEPTS_FORMAT.length, -1).split('\0');
  if (fields.length % 2 !== 0) return concepts;
  for (let i = 0; i < fields.length; i += 2) concepts.set(fields[i]!, fields[i + 1]!);
  return concepts;
}

/** output/glossary.json, .tsv, .csv and .tbx, each written atomically. */
export async function writeGlossary(out: string, entries: readonly GlossaryEntry[], conceptsFile?: string): Promise<void> {
  await writeGlossaryTables(out, entries);
  await writeGlossaryTbx(out, entries, conceptsFile);
}
