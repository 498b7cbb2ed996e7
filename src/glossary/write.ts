import path from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import type { GlossaryEntry } from './types.js';

function cell(s: string): string {
  return s.replace(/[\t\r\n]/g, ' ');
}

/** output/glossary.json and output/glossary.tsv. */
export async function writeGlossary(out: string, entries: GlossaryEntry[]): Promise<void> {
  await writeFileAtomic(path.join(out, 'glossary.json'), `${JSON.stringify(entries, null, 1)}\n`);
  const rows = ['term\tenglish\tvariants\tcount\tdocs\tscore\tevidence'];
  for (const e of entries) {
    rows.push(
      [e.term, e.english.map((x) => x.text).join('; '), e.variants.join('; '), e.count, e.docs, e.score, e.evidence.join(' ')]
        .map((v) => cell(String(v)))
        .join('\t'),
    );
  }
  await writeFileAtomic(path.join(out, 'glossary.tsv'), `${rows.join('\n')}\n`);
}
