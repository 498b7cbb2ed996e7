import type { SourceDoc } from '../types.js';
import { BLOCK_TAGS, SKIP_TAGS } from './html-tags.js';

/** Keys shorter than this are too common to mean anything (a lone number, one character). */
export const MIN_TEMPLATE_KEY = 2;
/** Lines whose key is longer than this are not compared across articles. */
export const MAX_TEMPLATE_KEY = 200;

/**
 * The key under which a line is compared across articles: NFKC (full-width to half-width), lower case, only
 * letters and digits kept (punctuation and white space differ between a page's HTML and its text, and after
 * qingxi's punctuation stage), every run of digits folded to `0` (dates, counters and ids change from page to page).
 * Script is not folded: a site writes in one script.
 */
export function lineKey(line: string): string {
  return (line.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]/gu) ?? []).join('').replace(/\p{Nd}+/gu, '0');
}

/** Whether a key may name a template line. */
export function isTemplateCandidate(key: string): boolean {
  return key.length >= MIN_TEMPLATE_KEY && key.length <= MAX_TEMPLATE_KEY && /\p{L}/u.test(key);
}

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", middot: '·', copy: '©', raquo: '»', laquo: '«', gt2: '>' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d?);?/gi, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1));
      return Number.isFinite(cp) && cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : ' ';
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

const SKIP_RE = new RegExp(`<(${[...SKIP_TAGS].join('|')})\\b[^>]*>[\\s\\S]*?</\\1\\s*>`, 'gi');
const BLOCK_RE = new RegExp(`</?(?:${[...BLOCK_TAGS].join('|')})\\b[^>]*>`, 'gi');

/**
 * The text lines of an HTML page, cheaply: comments and never-text elements dropped, a break at every block
 * element (as the html-blocks stage splits blocks), other tags removed, entities decoded.
 */
export function htmlLines(html: string): string[] {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(SKIP_RE, '\n')
    .replace(BLOCK_RE, '\n')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(text).split('\n');
}

/**
 * Normalised keys of an article's candidate template lines (each once), for the corpus-wide count of lines that
 * repeat across the articles of a site (the survey). Cheap: no parsing, no script conversion.
 */
export function templateKeys(doc: SourceDoc): string[] {
  const keys = new Set<string>();
  const lines = doc.html ? htmlLines(doc.content) : doc.content.split(/\r\n|[\n\r\u2028\u2029\u0085]/);
  for (const raw of lines) {
    const key = lineKey(raw);
    if (isTemplateCandidate(key)) keys.add(key);
  }
  return [...keys];
}
