import type { SourceDoc } from '../types.js';
import { BLOCK_TAGS, SKIP_TAGS } from './html-tags.js';
import { TextMemo } from './memo.js';

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
  const known = keys.get(line);
  return known !== undefined ? known : keys.set(line, computeLineKey(line));
}

/** Keys already computed, by line (a site's lines repeat across its pages, and the survey and the chrome stage ask). */
const keys = new TextMemo<string>();

/** `lineKey` computed (not remembered). */
export function computeLineKey(line: string): string {
  const s = line.normalize('NFKC').toLowerCase();
  let key = '';
  let inDigits = false;
  for (let i = 0; i < s.length; ) {
    const cp = s.codePointAt(i)!;
    const units = cp > 0xffff ? 2 : 1;
    const kind = keyCharKind(cp);
    if (kind === DIGIT) {
      if (!inDigits) key += '0';
      inDigits = true;
    } else if (kind === LETTER) {
      key += units === 1 ? s[i] : s.slice(i, i + 2);
      inDigits = false;
    }
    i += units;
  }
  return key;
}

/** What a code point is to a line key: dropped, a letter or number kept as it is, or a decimal digit. */
const DROPPED = 0;
const LETTER = 1;
const DIGIT = 2;
const DIGIT_RE = /\p{Nd}/u;
const LETTER_RE = /[\p{L}\p{N}]/u;

function classify(ch: string): number {
  return DIGIT_RE.test(ch) ? DIGIT : LETTER_RE.test(ch) ? LETTER : DROPPED;
}

/**
 * The kinds of the Basic Multilingual Plane's code points, 256 at a time, each block filled on first use by the
 * Unicode property escapes above (testing them per character, or stripping with them, is most of a key's cost).
 */
const kindBlocks: (Uint8Array | undefined)[] = [];

function keyCharKind(cp: number): number {
  if (cp > 0xffff) return classify(String.fromCodePoint(cp));
  const hi = cp >> 8;
  let block = kindBlocks[hi];
  if (!block) {
    block = new Uint8Array(256);
    for (let lo = 0; lo < 256; lo++) block[lo] = classify(String.fromCharCode((hi << 8) | lo));
    kindBlocks[hi] = block;
  }
  return block[cp & 0xff]!;
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

const BLOCK_RE = new RegExp(`</?(?:${[...BLOCK_TAGS].join('|')})\\b[^>]*>`, 'gi');

/**
 * The text lines of an HTML page, cheaply: comments and never-text elements dropped, a break at every block
 * element (as the html-blocks stage splits blocks), other tags removed, entities decoded.
 */
export function htmlLines(html: string): string[] {
  const uncommented = html.replace(/<!--[\s\S]*?-->/g, ' ');
  const skip = skipRegex(uncommented);
  const text = (skip ? uncommented.replace(skip, '\n') : uncommented).replace(BLOCK_RE, '\n').replace(/<[^>]*>/g, '');
  return decodeEntities(text).split('\n');
}

/**
 * The expression that drops never-text elements with their content (`<script ...>...</script>`), for the tags
 * whose closing tag occurs in `html`: a tag that is never closed (`<input>`, often `<embed>`) cannot match, and
 * leaving it out spares a search to the end of the page at each of its occurrences. Undefined when none occurs.
 */
function skipRegex(html: string): RegExp | undefined {
  const closed = new Set<string>();
  for (const m of html.matchAll(SKIP_CLOSE)) closed.add(m[1]!.toLowerCase());
  const tags = [...SKIP_TAGS].filter((t) => closed.has(t));
  if (tags.length === 0) return undefined;
  const key = tags.join('|');
  let re = skipRegexes.get(key);
  if (!re) {
    if (skipRegexes.size >= 256) skipRegexes.clear();
    re = new RegExp(`<(${key})\\b[^>]*>[\\s\\S]*?</\\1\\s*>`, 'gi');
    skipRegexes.set(key, re);
  }
  return re;
}

/**
 * A closing tag of a never-text element (`</script>`, `</STYLE >`). Only those are looked for: a page's closing
 * tags are mostly others, and listing every closing tag was most of `skipRegex`'s time (26-78 ms against 11-13 ms
 * for the bench corpus's 295 pages, the same tags found). (A tag name followed by white space or `>` is the whole
 * name, as `[a-z]+` read it before.)
 */
const SKIP_CLOSE = new RegExp(`</(${[...SKIP_TAGS].join('|')})\\s*>`, 'gi');

/** The expressions made by `skipRegex`, by their tag lists. */
const skipRegexes = new Map<string, RegExp>();

/**
 * Normalised keys of an article's candidate template lines (each once), for the corpus-wide count of lines that
 * repeat across the articles of a site (the survey). Cheap: no parsing, no script conversion.
 */
export function templateKeys(doc: SourceDoc): string[] {
  const keys = new Set<string>();
  const lines = doc.html ? htmlLines(doc.content) : doc.content.split(/\r\n|[\n\r\u2028\u2029\u0085]/);
  for (const raw of lines) {
    // Most of a page's lines (four in five on the bench corpus's HTML) are empty or white space, whose key is '':
    // not looked up (the memory hashes every line it is asked for).
    if (!NON_SPACE.test(raw)) continue;
    const key = lineKey(raw);
    if (isTemplateCandidate(key)) keys.add(key);
  }
  return [...keys];
}

const NON_SPACE = /\S/;
