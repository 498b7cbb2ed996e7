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

/**
 * TBX-Basic (ISO 30042:2019, DCA style): one conceptEntry per term, a Simplified Chinese langSec (the term and
 * its Traditional variants) and an English langSec (stated translations, then dictionary glosses), each English
 * term with its source and count in a note. Built with fast-xml-builder (a tree of plain objects, serialised in
 * one pass; a DOM builder took three times as long for a glossary of 2,000 terms), which escapes every `&`, `<`,
 * `>`, `'` and `"` in text.
 */
export function glossaryTbx(entries: readonly GlossaryEntry[]): string {
  const concepts = entries.map((e, i): XmlNode => {
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
      '@_id': `c${i + 1}`,
      note: `count ${e.count}; documents ${e.docs}; score ${e.score}; evidence ${e.evidence.join(' ')}`,
      langSec: langSecs,
    };
  });
  const doc: XmlNode = {
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
  return `${(TBX_BUILDER.build(doc) as string).trimEnd()}\n`;
}

/** output/glossary.json, .tsv and .csv, each written atomically. */
export async function writeGlossaryTables(out: string, entries: readonly GlossaryEntry[]): Promise<void> {
  await writeFileAtomic(path.join(out, 'glossary.json'), `${JSON.stringify(entries, null, 1)}\n`);
  await writeFileAtomic(path.join(out, 'glossary.tsv'), glossaryTsv(entries));
  await writeFileAtomic(path.join(out, 'glossary.csv'), glossaryCsv(entries));
}

/** output/glossary.tbx, written atomically (the pipeline has a worker thread write it while it writes the rest). */
export async function writeGlossaryTbx(out: string, entries: readonly GlossaryEntry[]): Promise<void> {
  await writeFileAtomic(path.join(out, 'glossary.tbx'), glossaryTbx(entries));
}

/** output/glossary.json, .tsv, .csv and .tbx, each written atomically. */
export async function writeGlossary(out: string, entries: readonly GlossaryEntry[]): Promise<void> {
  await writeGlossaryTables(out, entries);
  await writeGlossaryTbx(out, entries);
}
