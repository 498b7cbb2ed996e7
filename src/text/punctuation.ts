import { CJK_PUNCT, HAN } from './chars.js';
import { MappedText } from './mapped.js';
import { protectedSpans } from './protect.js';

export interface PunctuationOptions {
  fullWidthPunctuation: boolean;
  halfWidthAlnum: boolean;
}

const CJK_CTX = new RegExp(`[${HAN}${CJK_PUNCT}]`);
const FULL: Record<string, string> = { ',': '，', '?': '？', '!': '！', ':': '：', ';': '；', '(': '（', ')': '）' };

/** Full-width Latin letters and digits (Ａ-Ｚ ａ-ｚ ０-９) become half-width; everything else is kept. */
export function halfWidthAlnum(t: MappedText): MappedText {
  if (!/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/.test(t.text)) return t;
  return t.mapChars((ch) => {
    const c = ch.charCodeAt(0);
    return (c >= 0xff10 && c <= 0xff19) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a)
      ? String.fromCharCode(c - 0xfee0)
      : ch;
  });
}

/**
 * Whitespace collapsed: tabs, no-break and ideographic spaces become one space; zero-width characters go;
 * spaces next to CJK punctuation go; the line is trimmed.
 */
export function collapseWhitespace(t: MappedText): MappedText {
  return t.replace(INVISIBLE_RE, '').replace(SPACES_RE, ' ').replace(SPACE_BY_CJK_PUNCT_RE, '').trim();
}

const INVISIBLE_RE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
const SPACES_RE = /[\s\u00A0\u3000]+/g;
const SPACE_BY_CJK_PUNCT_RE = new RegExp(`(?<=[${CJK_PUNCT}]) | (?=[${CJK_PUNCT}])`, 'g');
const SPACE_BY_FULL_RE = / (?=[，？！：；（）])|(?<=[，？！：；（）]) /g;
const ELLIPSIS_RE = new RegExp(`(?<=[${HAN}${CJK_PUNCT}])(?<!…)(?:\\.{3,}|。{3,}|…(?!…))`, 'g');

function isCjk(ch: string | undefined): boolean {
  return ch !== undefined && CJK_CTX.test(ch);
}

/**
 * ASCII `, ? ! : ; ( )` in Chinese context become `，？！：；（）`; `...` after Chinese becomes `……`.
 * Chinese context: the nearest non-space character on either side is a Han character or CJK punctuation
 * (for brackets: before the opening one or anywhere inside the pair). Protected spans (URLs, numbers, versions,
 * Latin terms) are never touched, and a mark between two digits (1,000 or 12:30) never changes.
 */
export function fullWidthPunctuation(t: MappedText): MappedText {
  const text = t.text;
  if (!/[,?!:;()…]|\.\.\.|。。。/.test(text)) return t;
  const spans = protectedSpans(text);
  const locked = new Uint8Array(text.length);
  for (const s of spans) for (let i = s.start; i < s.end; i++) locked[i] = 1;
  const chars = text.split('');
  const prevNonSpace = (i: number) => {
    for (let j = i - 1; j >= 0; j--) if (chars[j] !== ' ') return chars[j];
    return undefined;
  };
  const nextNonSpace = (i: number) => {
    for (let j = i + 1; j < chars.length; j++) if (chars[j] !== ' ') return chars[j];
    return undefined;
  };
  // Brackets: pair them up first.
  const open: number[] = [];
  for (let i = 0; i < chars.length; i++) {
    if (locked[i]) continue;
    if (chars[i] === '(') open.push(i);
    else if (chars[i] === ')' && open.length) {
      const o = open.pop()!;
      const inside = text.slice(o + 1, i);
      if (isCjk(prevNonSpace(o)) || CJK_CTX.test(inside)) {
        chars[o] = '（';
        chars[i] = '）';
      }
    }
  }
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (locked[i] || !(ch in FULL) || ch === '(' || ch === ')') continue;
    const p = prevNonSpace(i);
    const n = nextNonSpace(i);
    if (p !== undefined && n !== undefined && /\d/.test(p) && /\d/.test(n)) continue;
    if (isCjk(p) || isCjk(n)) chars[i] = FULL[ch]!;
  }
  let out = t.withText(chars.join(''));
  // Spaces left around converted marks go, as they do around other CJK punctuation.
  out = out.replace(SPACE_BY_FULL_RE, '');
  out = out.replace(ELLIPSIS_RE, '……');
  return out;
}

export function normalisePunctuation(t: MappedText, o: PunctuationOptions): MappedText {
  let out = t;
  if (o.halfWidthAlnum) out = halfWidthAlnum(out);
  out = collapseWhitespace(out);
  if (o.fullWidthPunctuation) out = fullWidthPunctuation(out);
  return out;
}
