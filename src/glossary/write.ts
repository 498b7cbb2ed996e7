import path from 'node:path';
import { create } from 'xmlbuilder2';
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

/**
 * TBX-Basic (ISO 30042:2019, DCA style): one conceptEntry per term, a Simplified Chinese langSec (the term and
 * its Traditional variants) and an English langSec (stated translations, then dictionary glosses), each English
 * term with its source and count in a note.
 */
export function glossaryTbx(entries: readonly GlossaryEntry[]): string {
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('tbx', {
    type: 'TBX-Basic',
    style: 'dca',
    'xml:lang': 'en',
    xmlns: 'urn:iso:std:iso:30042:ed-2',
  });
  root
    .ele('tbxHeader')
    .ele('fileDesc')
    .ele('sourceDesc')
    .ele('p')
    .txt('Glossary mined by qingxi from the corpus: Chinese terms, the English translations the texts state, and optional CC-CEDICT glosses.');
  const body = root.ele('text').ele('body');
  entries.forEach((e, i) => {
    const concept = body.ele('conceptEntry', { id: `c${i + 1}` });
    concept.ele('note').txt(`count ${e.count}; documents ${e.docs}; score ${e.score}; evidence ${e.evidence.join(' ')}`);
    const zh = concept.ele('langSec', { 'xml:lang': 'zh-Hans' });
    const ts = zh.ele('termSec');
    ts.ele('term').txt(e.term);
    ts.ele('termNote', { type: 'termType' }).txt('fullForm');
    ts.ele('termNote', { type: 'administrativeStatus' }).txt('preferredTerm-admn-sts');
    if (e.variants.length) {
      const zht = concept.ele('langSec', { 'xml:lang': 'zh-Hant' });
      for (const v of e.variants) {
        const vs = zht.ele('termSec');
        vs.ele('term').txt(v);
        vs.ele('termNote', { type: 'termType' }).txt('variant');
      }
    }
    if (e.english.length) {
      const en = concept.ele('langSec', { 'xml:lang': 'en' });
      e.english.forEach((x, k) => {
        const es = en.ele('termSec');
        es.ele('term').txt(x.text);
        es.ele('termNote', { type: 'termType' }).txt(isAcronym(x.text) ? 'acronym' : 'fullForm');
        if (x.source === 'text') es.ele('termNote', { type: 'administrativeStatus' }).txt(k === 0 ? 'preferredTerm-admn-sts' : 'admittedTerm-admn-sts');
        es.ele('note').txt(x.source === 'text' ? `stated in the corpus ${x.count} time${x.count === 1 ? '' : 's'}` : 'CC-CEDICT gloss, not stated in the corpus');
      });
    }
  });
  return `${root.end({ prettyPrint: true })}\n`;
}

/** output/glossary.json, .tsv, .csv and .tbx, each written atomically. */
export async function writeGlossary(out: string, entries: GlossaryEntry[]): Promise<void> {
  await writeFileAtomic(path.join(out, 'glossary.json'), `${JSON.stringify(entries, null, 1)}\n`);
  await writeFileAtomic(path.join(out, 'glossary.tsv'), glossaryTsv(entries));
  await writeFileAtomic(path.join(out, 'glossary.csv'), glossaryCsv(entries));
  await writeFileAtomic(path.join(out, 'glossary.tbx'), glossaryTbx(entries));
}
