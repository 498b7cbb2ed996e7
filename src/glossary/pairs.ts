import { fragmentEdge, HAN_CHAR, HAN_ONLY } from './lexicon.js';
import type { RejectReason } from './types.js';

/**
 * Bilingual statements in a (Simplified) sentence: `中文（English）`, `English（中文）`, `English（Expansion，中文）`,
 * `中文（English，Expansion）`, with full-width or ASCII brackets and quoted sides, and statements such as
 * `“X”一词可翻译成“Y”` or `X，简称Y`. Pure string work: the Chinese boundary of `中文（English）` is left to the
 * caller (segmenter tokens plus corpus statistics), everything else is delimited by the text itself.
 */

export type PairPattern = 'zh-en' | 'en-zh' | 'statement';

export interface RawPair {
  pattern: PairPattern;
  english: string[];
  /** The Chinese side when the text delimits it exactly, with its offsets in the sentence. */
  zh?: { text: string; start: number; end: number };
  /** Otherwise the Han run that ends with the Chinese term (offsets in the sentence). */
  run?: { start: number; end: number };
}

export interface RawRejection {
  reason: RejectReason;
  /** The bracket or statement as written. */
  text: string;
}

const OPEN = new Set(['（', '(']);
const CLOSE = new Set(['）', ')']);
const QUOTE_CLOSE = '”"」』’';
const QUOTE_OPEN = '“"「『‘';
/** Labels inside a bracket before the English form: （英文：…）, （简称…）. */
const LABEL = /^(?:英文全称|英文名称|英文名|英文|英语|全称|简称|缩写为|缩写|又称|English)\s*[:：]?\s*/i;
/** The Latin words just before a bracket. */
const LATIN_END = /([A-Za-z0-9][A-Za-z0-9.+&'’/_-]*(?:[ \u00a0][A-Za-z0-9][A-Za-z0-9.+&'’/_-]*){0,5})\s*$/;
const HAN_RUN_END = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff·]+$/;
const MAX_RUN = 16;
const MAX_BRACKET = 100;
const ENGLISH_FILLER = new Set(['the', 'a', 'an', 'of', 'and', 'in', 'on', 'for', 'to', 'with', 'by', 'at', 'from', 'as', 'is', 'paper', 'called', 'named']);

/** An acronym: letters and digits, at least two capitals, at most one lower-case letter (RNN, MoE, RLHF, COT). */
export function isAcronym(s: string): boolean {
  if (!/^[A-Z][A-Za-z0-9]{1,9}$/.test(s)) return false;
  const upper = s.replace(/[^A-Z]/g, '').length;
  const lower = s.replace(/[^a-z]/g, '').length;
  return upper >= 2 && lower <= 1;
}

/** Whether `expansion` spells out `acronym` (its letters are a subsequence of the words' initials, same first). */
export function expands(acronym: string, expansion: string): boolean {
  const letters = acronym.replace(/[^A-Za-z]/g, '').toLowerCase();
  const initials = expansion
    .split(/[\s\-/]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toLowerCase())
    .join('');
  if (!letters || !initials || letters[0] !== initials[0] || initials.length < 2) return false;
  let j = 0;
  for (const ch of initials) if (ch === letters[j]) j++;
  return j === letters.length;
}

/** Why a Chinese bracket content or statement side is not a term translation, or undefined when it may be one. */
export function classifyChinese(s: string): RejectReason | undefined {
  const t = s.trim();
  if (/(?:^|[^A-Za-z])(?:ID|UID|QQ)\s*[:：]|编号|账号|帐号|备案|ICP/i.test(t)) return 'id';
  if (/[、，,；;]/.test(t) || t.length > MAX_RUN) return 'explanation';
  if (/[我你他她它咱其]/.test(t)) return 'aside';
  if (/\d/.test(t)) {
    if (/版本|版$|[vV]\d/.test(t)) return 'version';
    if (/\d\s*(?:年|月|日|号|周|季度|世纪)/.test(t)) return 'date';
    return 'count';
  }
  if (/版本$/.test(t)) return 'version';
  if (
    /^(?:后|即|又|也|曾|现|原)(?:改名|更名|名为|称为|为|称|名|叫|是|指)|改名|更名|点名|此处|这里|那里|此前|据悉|见下|见上|详见|参见|编者|笔者|下同|同上|不详|待定|暂无|疑似|注[:：]|[了吧呢吗啊呀嘛]/.test(t)
  ) {
    return 'editorial';
  }
  if (/[的地得]$/.test(t) || /[我你他她它咱]/.test(t)) return 'aside';
  if (/[A-Za-z]/.test(t)) return 'explanation';
  if (/[、，,／/；;：:\s]/.test(t) || t.length > MAX_RUN) return 'explanation';
  if (!HAN_ONLY.test(t.replace(/·/g, ''))) return 'explanation';
  if (t.length < 2 || fragmentEdge(t)) return 'not-a-term';
  return undefined;
}

/** Why a Latin bracket content or statement side is not a term, or undefined when it may be one. */
export function classifyEnglish(s: string): RejectReason | undefined {
  const t = s.trim();
  if (/^(?:ID|UID|QQ|WeChat|tel|phone|e-?mail)\s*[:：]/i.test(t) || /@|https?:|www\./i.test(t)) return 'id';
  if (/^v?\d+(?:\.\d+)+[a-z]?$/i.test(t) || /\bversions?\b|\bver\.?\s*\d/i.test(t)) return 'version';
  if (/^(?:19|20)\d{2}(?:[-/.]\d{1,2}){0,2}$/.test(t) || /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?\s+\d/i.test(t)) return 'date';
  if (!/[A-Za-z]/.test(t) || /^[\d\s.,%+~-]+[A-Za-z]{0,2}$/.test(t)) return 'count';
  const words = t.split(/\s+/);
  if (words.length > 6 || (words.length >= 4 && /[.!?]$/.test(t))) return 'explanation';
  if (/[\u3400-\u9fff]/.test(t)) return 'explanation';
  return undefined;
}

/** The English term at the end of `prefix` (the Latin words just before a bracket), with its start offset. */
function englishBefore(prefix: string): { text: string; start: number } | undefined {
  const m = LATIN_END.exec(prefix);
  if (!m) return undefined;
  let words = m[1]!.split(/[ \u00a0]+/);
  let start = m.index;
  // Drop leading numbers and filler words when a name follows (`in the paper Attention Is All You Need`).
  while (words.length > 1 && (/^\d+$/.test(words[0]!) || ENGLISH_FILLER.has(words[0]!.toLowerCase()) || (/^[a-z]/.test(words[0]!) && /^[A-Z]/.test(words[1]!)))) {
    start += words[0]!.length + 1;
    words = words.slice(1);
  }
  const text = words.join(' ').replace(/[.,'’/-]+$/, '');
  if (!/[A-Za-z]/.test(text)) return undefined;
  return { text, start };
}

/** The Han run at the end of `prefix` (at most MAX_RUN characters). */
function hanRunBefore(prefix: string): { start: number; end: number } | undefined {
  const m = HAN_RUN_END.exec(prefix);
  if (!m) return undefined;
  const end = prefix.length;
  let start = m.index;
  if (end - start > MAX_RUN) start = end - MAX_RUN;
  while (start < end && prefix[start] === '·') start++;
  return end - start >= 1 ? { start, end } : undefined;
}

/** Split a bracket's content into items at commas and semicolons. */
function items(content: string): string[] {
  return content
    .split(/[，,；;]/)
    .map((x) => x.trim())
    .filter(Boolean);
}

/** English forms from a Latin bracket content: the first item, plus an acronym or expansion of it. */
function englishForms(list: string[]): string[] {
  const first = list[0]!;
  const out = [first];
  const second = list[1];
  if (second && !HAN_CHAR.test(second) && classifyEnglish(second) === undefined) {
    if ((isAcronym(first) && expands(first, second)) || (isAcronym(second) && expands(second, first))) out.push(second);
  }
  return out;
}

/** The opening brackets (OPEN), to find the next one in a sentence. */
const OPEN_RE = new RegExp(`[${[...OPEN].join('').replace(/[\\\]^-]/g, '\\$&')}]`, 'g');

/** Where the next opening bracket at or after `from` is in `text`, or -1. */
function nextOpen(text: string, from: number): number {
  OPEN_RE.lastIndex = from;
  return OPEN_RE.exec(text)?.index ?? -1;
}

/** Every bracket of a sentence: pairs and rejections. */
function bracketPairs(text: string, pairs: RawPair[], rejected: RawRejection[]): void {
  // (From one opening bracket to the next: most sentences have none.)
  for (let i = nextOpen(text, 0); i >= 0; i = nextOpen(text, i + 1)) {
    let j = i + 1;
    let depth = 1;
    for (; j < text.length && j - i <= MAX_BRACKET; j++) {
      if (OPEN.has(text[j]!)) depth++;
      else if (CLOSE.has(text[j]!) && --depth === 0) break;
    }
    if (j >= text.length || depth !== 0) continue;
    const open = i;
    const whole = text.slice(i, j + 1);
    let content = text.slice(i + 1, j).trim();
    let prefix = text.slice(0, i).replace(/[ \u00a0]+$/, '');
    i = j;
    if (!content) continue;
    let quoted: { text: string; start: number; end: number } | undefined;
    if (prefix && QUOTE_CLOSE.includes(prefix[prefix.length - 1]!)) {
      const end = prefix.length - 1;
      let k = end - 1;
      while (k >= 0 && !QUOTE_OPEN.includes(prefix[k]!) && end - k <= 40) k--;
      if (k >= 0 && QUOTE_OPEN.includes(prefix[k]!)) {
        quoted = { text: prefix.slice(k + 1, end), start: k + 1, end };
      }
      prefix = prefix.slice(0, end);
    }
    const labelled = LABEL.test(content);
    content = content.replace(LABEL, '');
    const hanIn = HAN_CHAR.test(content);
    const latinIn = /[A-Za-z]/.test(content);
    const eng = quoted ? (/^[A-Za-z][A-Za-z0-9 .+&'’/_-]*$/.test(quoted.text) ? { text: quoted.text, start: quoted.start } : undefined) : englishBefore(prefix);
    const han = quoted ? (HAN_ONLY.test(quoted.text) ? { start: quoted.start, end: quoted.end } : undefined) : hanRunBefore(prefix);

    if (eng && hanIn && !han) {
      // English（中文） or English（Expansion，中文）
      const list = items(content);
      if (list.length === 1) {
        const reason = classifyChinese(list[0]!) ?? classifyEnglish(eng.text);
        if (reason) rejected.push({ reason, text: eng.text + whole });
        else {
          const zhStart = text.indexOf(list[0]!, open + 1);
          pairs.push({ pattern: 'en-zh', english: [eng.text], zh: { text: list[0]!, start: zhStart, end: zhStart + list[0]!.length } });
        }
      } else if (list.length === 2 && !HAN_CHAR.test(list[0]!) && HAN_ONLY.test(list[1]!)) {
        const reason = classifyChinese(list[1]!) ?? classifyEnglish(eng.text) ?? classifyEnglish(list[0]!);
        if (reason) rejected.push({ reason, text: eng.text + whole });
        else {
          const zhStart = text.indexOf(list[1]!, open + 1);
          pairs.push({ pattern: 'en-zh', english: [eng.text, list[0]!], zh: { text: list[1]!, start: zhStart, end: zhStart + list[1]!.length } });
        }
      } else {
        rejected.push({ reason: classifyChinese(content) ?? 'explanation', text: eng.text + whole });
      }
    } else if (han && latinIn && !hanIn) {
      // 中文（English） or 中文（English，Expansion）
      const list = items(content);
      const reason = classifyEnglish(list[0]!);
      if (reason) {
        rejected.push({ reason, text: prefix.slice(han.start) + whole });
        continue;
      }
      const english = englishForms(list);
      if (quoted) {
        const r = classifyChinese(quoted.text);
        if (r) rejected.push({ reason: r, text: quoted.text + whole });
        else pairs.push({ pattern: 'zh-en', english, zh: { text: quoted.text, start: quoted.start, end: quoted.end } });
      } else {
        pairs.push({ pattern: 'zh-en', english, run: han });
      }
    } else if ((han || eng) && (hanIn || latinIn || /\d/.test(content))) {
      // Neither direction holds (both sides Chinese, digits, mixed): record why, for review.
      const reason = hanIn ? classifyChinese(content) : classifyEnglish(content);
      if (reason && (reason !== 'not-a-term' || labelled)) rejected.push({ reason, text: whole });
    }
  }
}

const Q_OPEN = `[${QUOTE_OPEN}]`;
const Q_CLOSE = `[${QUOTE_CLOSE}]`;
const EN = "([A-Za-z][A-Za-z0-9 .+&'’-]{0,40}?)";
const ZH = '([\\u4e00-\\u9fff]{2,16})';
const WORD = '(?:这个|这一|一)?(?:词|单词|术语|概念|名词)';
const TRANSLATE = '(?:其实|也|则|通常|一般|常|往往)?(?:可以|可|能|会|常)?(?:被)?(?:翻译|译)(?:成|为|作)';
/** `“Transformer”一词其实可翻译成“变形金刚”` */
const EN_WORD_ZH = new RegExp(`${Q_OPEN}?${EN}${Q_CLOSE}?\\s*${WORD}${TRANSLATE}\\s*${Q_OPEN}?${ZH}${Q_CLOSE}?`, 'g');
/** `“变形金刚”一词可译为“Transformer”` (the Chinese side quoted, so its boundary is known). */
const ZH_WORD_EN = new RegExp(`${Q_OPEN}${ZH}${Q_CLOSE}\\s*${WORD}${TRANSLATE}\\s*${Q_OPEN}?${EN}${Q_CLOSE}?(?![A-Za-z])`, 'g');
/** `大语言模型，简称LLM` / `大语言模型，英文简称LLM` (the Chinese boundary is chosen like a bracket's). */
const ZH_ABBR = /([\u4e00-\u9fff]{2,16})\s*[，,]\s*(?:英文)?(?:简称|缩写为|缩写是|缩写)\s*[“"「]?([A-Z][A-Za-z0-9]{1,9})(?![A-Za-z0-9])/g;

function statements(text: string, pairs: RawPair[], rejected: RawRejection[]): void {
  // Every statement has a Latin letter, and says 译 (EN_WORD_ZH, ZH_WORD_EN) or 简称 or 缩写 (ZH_ABBR): most
  // sentences have neither, and are not searched three times.
  if (!/[A-Za-z]/.test(text)) return;
  const translates = text.includes('译');
  if (!translates && !text.includes('简称') && !text.includes('缩写')) return;
  // `“Transformer”一词可翻译成“变形金刚”` and `“变形金刚”一词可译为“Transformer”`: one pair, groups in either order.
  const statement = (whole: string, at: number, en: string, zh: string, zhAt: number) => {
    const reason = classifyEnglish(en) ?? classifyChinese(zh);
    if (reason) rejected.push({ reason, text: whole });
    else pairs.push({ pattern: 'statement', english: [en], zh: { text: zh, start: at + zhAt, end: at + zhAt + zh.length } });
  };
  if (translates) {
    for (const m of text.matchAll(EN_WORD_ZH)) statement(m[0], m.index!, m[1]!.trim(), m[2]!, m[0].lastIndexOf(m[2]!));
    for (const m of text.matchAll(ZH_WORD_EN)) statement(m[0], m.index!, m[2]!.trim(), m[1]!, m[0].indexOf(m[1]!));
  }
  for (const m of text.matchAll(ZH_ABBR)) {
    if (!isAcronym(m[2]!)) continue;
    const end = m.index! + m[1]!.length;
    pairs.push({ pattern: 'statement', english: [m[2]!], run: { start: Math.max(m.index!, end - MAX_RUN), end } });
  }
}

/** Every bilingual statement in one Simplified sentence, and the brackets rejected on the way. */
export function findPairs(text: string): { pairs: RawPair[]; rejected: RawRejection[] } {
  const pairs: RawPair[] = [];
  const rejected: RawRejection[] = [];
  bracketPairs(text, pairs, rejected);
  statements(text, pairs, rejected);
  return { pairs, rejected };
}

