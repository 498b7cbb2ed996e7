import type { SourceDoc } from '../types.js';

/** Lines longer than this are article text, never template chrome. */
const MAX_TEMPLATE_LINE = 120;

/** The key under which a line is compared across articles: whitespace removed, digits folded. */
export function lineKey(line: string): string {
  return line.replace(/\s+/g, '').replace(/\d+/g, '0');
}

/** Keys of the short lines of an article (each once), for the corpus-wide count of template lines. */
export function templateKeys(doc: SourceDoc): string[] {
  const keys = new Set<string>();
  const text = doc.html ? doc.content.replace(/<[^>]*>/g, '\n') : doc.content;
  for (const raw of text.split(/\r?\n/)) {
    const key = lineKey(raw);
    if (key.length > 0 && key.length <= MAX_TEMPLATE_LINE) keys.add(key);
  }
  return [...keys];
}
