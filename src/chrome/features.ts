import type { DomCues } from '../types.js';
import { cueHits, matchRule, type ChromeLexicon } from './lexicon.js';

/** What the chrome stage knows about one line (text) or block (HTML). */
export interface LineFeatures {
  /** Content length: Han characters, plus Latin letters / 2 and digits / 3. */
  len: number;
  han: number;
  /** Sentence punctuation inside the line (full-width and ASCII). */
  punct: number;
  /** The line ends where a sentence ends. */
  endsSentence: boolean;
  /** Whole-line lexicon rule matched, if any. */
  rule?: string;
  /** The rule matched marks a section boundary (see the lexicon's `wall`). */
  wall: boolean;
  /** Chrome cue terms found. */
  cues: string[];
  /** Only a date and/or time (and weekday). */
  dateOnly: boolean;
  /** Contains a date or time. */
  hasDate: boolean;
  /** A headline with a date: `标题（01/12 17:43）`, `标题 明报 - 2012年1月11日`. */
  datedHeadline: boolean;
  /** A short line cut off with dots (`标题..`): a teaser in a list. */
  truncated: boolean;
  /** Pipe-separated menu, breadcrumb, or a row of short words. */
  menu: boolean;
  /** Starts with a list bullet. */
  bullet: boolean;
  /** Numbered item: `[1]`, `1.`, `(1)`, `一、`, `第一`. */
  numbered: boolean;
  /** Spaces between Han characters (headlines joined by spaces; prose has punctuation instead). */
  gaps: number;
  /** DOM: the nearest class/id/tag cue says chrome (`chrome:<token>`) or content (`content:<token>`). */
  domCue?: string;
}

const SENT_PUNCT_RE = /[，。！？；：、,!?;]|\.(?=\s|$)|…/g;
const ENDS_RE = /(?:[。！？!?…]|\.\s*)[”’」』）)】\]》"']*(?:\s*[（(][^（()）]{1,12}[)）])?$/;

const DATE_RES = [
  /\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?/g,
  /\d{1,2}\s*月\s*\d{1,2}\s*日/g,
  /\d{4}\s*年\s*\d{1,2}\s*月/g,
  /(?<![\d.])\d{1,2}[-/]\d{1,2}(?![\d.])/g,
  /(?<![\d.])\d{1,2}:\d{2}(?::\d{2})?(?![\d.])/g,
  /(?:星期|周|礼拜)[一二三四五六日天]/g,
  /[上下]午|凌晨|晚上|早上|中午/g,
  /(?:发布|发表|更新|时间|日期)(?:时间|日期|于)?\s*[:：]?/g,
];

/** Count of matches of a global regular expression. */
function count(re: RegExp, s: string): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(s)) n++;
  return n;
}

/** Han characters (CJK Unified Ideographs, extension A, compatibility ideographs), ASCII letters and digits. */
export function contentLength(text: string): { len: number; han: number } {
  let han = 0;
  let latin = 0;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) latin++;
      else if (c >= 0x30 && c <= 0x39) digits++;
    } else if ((c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff)) han++;
  }
  return { len: han + latin / 2 + digits / 3, han };
}

function dateInfo(text: string): { hasDate: boolean; dateOnly: boolean } {
  // Every date or time form counted as one has a digit.
  if (!/[0-9]/.test(text)) return { hasDate: false, dateOnly: false };
  let rest = text;
  let found = false;
  for (const re of DATE_RES.slice(0, 5)) {
    re.lastIndex = 0;
    if (re.test(rest)) found = true;
    rest = rest.replace(re, ' ');
  }
  if (!found) return { hasDate: false, dateOnly: false };
  for (const re of DATE_RES.slice(5)) rest = rest.replace(re, ' ');
  const left = rest.replace(/[\s\p{P}\p{S}]/gu, '');
  return { hasDate: true, dateOnly: left.length === 0 };
}

const MENU_SEP_RE = /\s*[|｜│┃]\s*/;
const CRUMB_SEP_RE = /\s*(?:>>?|»|›|→|＞|〉)\s*/;

function isMenu(text: string): boolean {
  const pipes = text.split(MENU_SEP_RE).filter((s) => s.length > 0);
  if (pipes.length >= 3 || (pipes.length === 2 && /[|｜│┃]/.test(text) && text.length <= 16)) {
    const avg = pipes.reduce((n, s) => n + contentLength(s).len, 0) / pipes.length;
    if (avg <= 10) return true;
  }
  const crumbs = text.split(CRUMB_SEP_RE).filter((s) => s.length > 0);
  if (crumbs.length >= 3 && crumbs.every((s) => contentLength(s).len <= 12)) return true;
  if (crumbs.length === 2 && /^(?:首页|主页|网站首页|home|当前位置|您的位置|你的位置|位置)/i.test(crumbs[0]!) && contentLength(crumbs[1]!).len <= 12) return true;
  if (count(/[【\[][^】\]]{1,8}[】\]]/g, text) >= 2 && !/[。！？]$/.test(text)) return true;
  if (/[。！？]/.test(text)) return false;
  const words = text.split(/\s+/).filter((s) => s.length > 0);
  if (words.length >= 3 && words.every((w) => contentLength(w).len <= 6 && !/[，,]/.test(w))) {
    // a row of short words (a menu), not an English phrase
    return words.some((w) => /[\u4E00-\u9FFF]/.test(w));
  }
  const dots = text.split(/\s*[·•]\s*/).filter((s) => s.length > 0);
  return dots.length >= 4 && dots.every((s) => contentLength(s).len <= 8);
}

/** Split a class or id name into lower-case tokens: at - _ space, digits, and lower-to-upper case changes. */
export function nameTokens(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((t) => t.length > 0);
}

/** Parse one DOM path entry `tag.class1.class2#id`. */
function pathEntry(entry: string): { tag: string; names: string[] } {
  const hash = entry.indexOf('#');
  const id = hash === -1 ? '' : entry.slice(hash + 1);
  const head = hash === -1 ? entry : entry.slice(0, hash);
  const [tag = '', ...classes] = head.split('.');
  return { tag, names: id ? [...classes, id] : classes };
}

/**
 * The DOM cue of a block: the nearest ancestor (or the block itself) whose tag or class/id names mark it as chrome
 * or as the article container. The nearest cue wins, so an article body inside a `right-column` is content.
 */
export function domCue(lex: ChromeLexicon, dom: DomCues): string | undefined {
  for (let i = dom.path.length - 1; i >= 0; i--) {
    const cue = entryCue(lex, dom.path[i]!);
    if (cue !== undefined) return cue;
  }
  return undefined;
}

/** The cue one DOM path entry gives on its own (its tag, then its class and id names), if any. */
function ownCue(lex: ChromeLexicon, entry: string): string | undefined {
  const { tag, names } = pathEntry(entry);
  if (tag === 'article' || tag === 'main') return `content:${tag}`;
  if (lex.dom.chromeTags.has(tag)) return `chrome:${tag}`;
  for (const name of names) {
    const lower = name.toLowerCase();
    const toks = nameTokens(name);
    const c = toks.find((t) => lex.dom.chrome.has(t));
    if (c) return `chrome:${c}`;
    const k = toks.find((t) => lex.dom.content.has(t)) ?? lex.dom.contentSubstrings.find((s) => lower.includes(s));
    if (k) return `content:${k}`;
  }
  return undefined;
}

/** Cues of path entries already seen, per lexicon (the blocks of a page share their ancestors). */
const entryCues = new WeakMap<ChromeLexicon, Map<string, string | null>>();
/** Entries remembered at most per lexicon (ids and classes vary from site to site): the memory is then cleared. */
const MAX_ENTRIES = 20000;

function entryCue(lex: ChromeLexicon, entry: string): string | undefined {
  let seen = entryCues.get(lex);
  if (!seen) entryCues.set(lex, (seen = new Map()));
  let cue = seen.get(entry);
  if (cue === undefined) {
    if (seen.size >= MAX_ENTRIES) seen.clear();
    cue = ownCue(lex, entry) ?? null;
    seen.set(entry, cue);
  }
  return cue ?? undefined;
}

/** Whether `text` has at least `n` spaces. */
function hasSpaces(text: string, n: number): boolean {
  for (let i = text.indexOf(' '); i !== -1; i = text.indexOf(' ', i + 1)) if (--n === 0) return true;
  return false;
}

/**
 * Letter-spaced text (`港 鐵 表 示，為 方 便`), as some sites set their Chinese, with the spaces between single Han
 * characters removed; other text as it is.
 */
export function unspace(text: string): string {
  if (!hasSpaces(text, 3)) return text;
  const tokens = text.split(' ');
  const single = tokens.filter((t) => /^[\u4E00-\u9FFF][，。！？、；：,.!?;:」』”）)]*$/u.test(t)).length;
  return single >= tokens.length * 0.6 ? text.replace(/(?<=[\u4E00-\u9FFF\p{P}]) (?=[\u4E00-\u9FFF\p{P}])/gu, '') : text;
}

/** Features of a line from its Simplified text (and DOM cues for HTML). */
export function lineFeatures(lex: ChromeLexicon, simplified: string, dom: DomCues | undefined, site?: string): LineFeatures {
  const f = textFeatures(lex, simplified, site);
  return dom ? { ...f, domCue: domCue(lex, dom) } : f;
}

/** The features of a line's text alone: all but `domCue` (a pure function of its arguments). */
export function textFeatures(lex: ChromeLexicon, simplified: string, site?: string): LineFeatures {
  const text = unspace(simplified.replace(/\s+/g, ' ').trim());
  const { len, han } = contentLength(text);
  const punct = count(SENT_PUNCT_RE, text);
  const { hasDate, dateOnly } = dateInfo(text);
  const rule = matchRule(lex, text, site);
  return {
    len,
    han,
    punct,
    endsSentence: ENDS_RE.test(text),
    rule: rule?.id,
    wall: rule?.wall ?? false,
    cues: cueHits(lex, text),
    dateOnly,
    hasDate,
    menu: isMenu(text),
    truncated: /(?:\.{2,}|…{1,2})$/.test(text) && len <= 32 && punct <= 2,
    datedHeadline: hasDate && !dateOnly && !ENDS_RE.test(text) && len <= 50 && count(/[，。；]/g, text) === 0,
    gaps: count(/[\u4E00-\u9FFF][”」』）)》]?\s+[“「『（(《]?[\u4E00-\u9FFF]/g, text),
    bullet: /^[·•●○■□▪▫◆◇►▶★☆◎\-–—*>]/.test(text),
    numbered: /^(?:\[\d{1,3}\]|\(\d{1,3}\)|（\d{1,3}）|[1-9]\d{0,2}[.、)]\s*\S|[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十\d]{1,3}[、，,:：章节部分点条])/.test(text),
  };
}

/** A line that reads like running text: long enough and with sentence punctuation. */
export function isProse(f: LineFeatures): boolean {
  return f.len >= 40 && f.punct >= 2 && !spacedList(f);
}

/** Many short pieces joined by spaces and hardly any punctuation: a list of headlines or links on one line. */
export function spacedList(f: LineFeatures): boolean {
  return f.gaps >= 4 && f.gaps > 2 * f.punct;
}

/**
 * Content-likeness of a line in [-1, 1]: DOM cues first (HTML), then text features. Positive reads like article
 * text, negative like chrome; short plain lines sit near 0.
 */
export function contentScore(f: LineFeatures, dom?: DomCues): number {
  if (f.len === 0) return -1;
  let s = 0;
  const prose = isProse(f);
  // DOM cues (HTML), applied before the text features.
  if (dom) {
    if (f.domCue?.startsWith('chrome:')) s -= prose ? 0.35 : 0.8;
    else if (f.domCue?.startsWith('content:')) s += 0.15;
    s -= dom.linkDensity * (prose ? 0.6 : 1.1);
  }
  // Text features.
  s += Math.max(-0.2, Math.min(1, (f.len - 6) / 34)) * 0.7;
  s += Math.min(f.punct, 3) * 0.1;
  // No sentence punctuation at all: a heading or a caption inside an article, a link or a label anywhere else.
  if (f.punct === 0 && !f.endsSentence && !f.numbered) s -= 0.3;
  if (f.endsSentence && f.len >= 6) s += 0.2;
  if (f.dateOnly) s -= 1.2;
  else if (f.datedHeadline) s -= 0.6;
  if (f.truncated) s -= 0.5;
  if (f.menu) s -= 0.8;
  else if (spacedList(f)) s -= 0.8;
  if (f.bullet && !f.endsSentence && f.len < 30) s -= 0.3;
  if (f.numbered) s += 0.2;
  const cue = Math.min(0.9, 0.3 * f.cues.length);
  s -= prose ? cue * 0.25 : f.len > 24 ? cue * 0.6 : cue;
  if (f.rule) s = Math.min(s, -0.8);
  return Math.max(-1, Math.min(1, s));
}
