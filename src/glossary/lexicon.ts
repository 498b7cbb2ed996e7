import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Small built-in lexical resources of the glossary: characters that never begin or end a term, transliteration
 * characters (foreign names), and readers for jieba's dictionary (background frequencies) and stop words.
 */

/** A Han ideograph (BMP ranges; the glossary works on BMP Han only). */
export const HAN_CHAR = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
export const HAN_ONLY = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$/;
/** Kana: a sentence with kana is Japanese, whose brackets and n-grams are not Chinese evidence. */
export const KANA = /[\u3040-\u30ff]/;

export function isHanCode(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff);
}

/**
 * Characters that begin sentence fragments, never terms: particles, pronouns, conjunctions, prepositions, adverbs,
 * measure words (`的大模型`, `了预训练`, `是一个`).
 */
export const START_STOP = new Set([...'的了着过是在和与及或也都就而被把将对从向于之其这那我你他她它们吗呢吧啊呀么个些等各每该此并且又还再才很更最所已曾让使给由为如若但却则即既因虽没不有几']);
/** Characters that end sentence fragments (`模型的`, `训练中`, `成为`); term-final 器 率 量 化 法 性 are fine. */
export const END_STOP = new Set([...'的了着过是在和与及或也都就而被把将对从向于以之其这那我你他她它们吗呢吧啊呀么个些等各每该此并且又还再才很更最所已曾会要能可不没让使给由为如若但却则即既因虽上中里时到后一来']);

/** Particles that never occur inside a term (`模型的训练`, `高质量的数据` are phrases). */
const INNER_STOP = '的了';

/** Numerals, and measure words: a numeral and a measure word at the start (`三种变体架构`, `两家公司`). */
const COUNT_NUMERALS = '一二三四五六七八九十两几数多';
const COUNT_MEASURES = '种个家位款项篇张台块名条只次年月天周';
/** Endings of adverbial phrases (`对大模型而言`, `从技术上来说`), two characters each. */
const PHRASE_ENDINGS = ['而言', '来说', '来看', '之一', '之间', '方面', '而已', '左右', '以上', '以下', '以来'];

const codesOf = (chars: Iterable<string>) => new Set([...chars].map((c) => c.charCodeAt(0)));
const START_CODES = codesOf(START_STOP);
const END_CODES = codesOf(END_STOP);
const INNER_CODES = codesOf(INNER_STOP);
const NUMERAL_CODES = codesOf(COUNT_NUMERALS);
const MEASURE_CODES = codesOf(COUNT_MEASURES);
const ENDING_PAIRS = new Set(PHRASE_ENDINGS.map((e) => (e.charCodeAt(0) << 16) | e.charCodeAt(1)));

/**
 * Whether the string `chars[at .. at + n)` starts or ends like a sentence fragment, holds a phrase particle
 * (INNER_STOP), ends like an adverbial phrase or starts with a numeral and a measure word. Term discovery tests
 * its n-grams where they are kept, as UTF-16 code units, with no string per n-gram.
 */
export function fragmentEdgeAt(chars: Uint16Array, at: number, n: number): boolean {
  if (n === 0) return false;
  const first = chars[at]!;
  const last = chars[at + n - 1]!;
  if (START_CODES.has(first) || END_CODES.has(last)) return true;
  for (let k = at; k < at + n; k++) if (INNER_CODES.has(chars[k]!)) return true;
  if (n < 2) return false;
  return ENDING_PAIRS.has((chars[at + n - 2]! << 16) | last) || (NUMERAL_CODES.has(first) && MEASURE_CODES.has(chars[at + 1]!));
}

/** Whether a string starts or ends like a sentence fragment, or holds a phrase particle (fragmentEdgeAt). */
export function fragmentEdge(s: string): boolean {
  const c = new Uint16Array(s.length);
  for (let i = 0; i < s.length; i++) c[i] = s.charCodeAt(i);
  return fragmentEdgeAt(c, 0, s.length);
}

/** Numerals and determiners: a string mostly preceded by them is a measure phrase (两家公司 → 家公司). */
export const QUANTIFIERS = new Set([...'一二三四五六七八九十两几百千万亿多数每某这那哪各该此首半']);

/** Characters common in transliterated foreign names (伊利亚, 沙泽尔, 阿尔特曼, 马斯克). */
export const TRANSLIT = new Set([
  ...'阿埃艾爱安奥澳巴拜班邦保鲍贝本比彼毕宾波玻伯勃博布查达戴丹道德登迪蒂丁东杜敦多厄恩尔法凡范菲费芬丰佛弗伏福盖甘冈高戈哥格根古瓜哈海汉豪赫黑亨洪胡华怀惠霍基吉加佳贾杰捷金卡凯坎康柯科可克肯库夸奎昆拉莱兰朗劳勒雷蕾里理丽利莉连林琳隆卢鲁陆路伦罗洛马玛迈麦曼梅门蒙米密明摩莫姆穆纳娜奈南内尼妮宁纽努诺欧帕潘庞佩彭皮珀普奇齐恰乔切琴丘萨塞赛桑瑟森沙莎山尚舍什施史舒斯松苏索塔泰坦汤唐特提汀图托瓦万旺威韦维温文沃乌伍西希锡夏谢辛休许雅亚扬耶伊因英尤于约扎泽詹兹佐·',
]);

/** Whether a word consists of transliteration characters only (a foreign name such as 伊利亚). */
export function isTransliteration(word: string): boolean {
  if (word.length < 2) return false;
  for (const ch of word) if (!TRANSLIT.has(ch)) return false;
  return true;
}

const require = createRequire(import.meta.url);

/** The folder of jieba's dictionaries inside the installed nodejieba package. */
function jiebaDictDir(): string | undefined {
  try {
    const dir = path.join(path.dirname(require.resolve('nodejieba/package.json')), 'submodules', 'cppjieba', 'dict');
    return existsSync(dir) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** Word → frequency lookups (a Map, or the sorted form of background.ts). */
export interface WordFreq {
  get(word: string): number | undefined;
}

/** Membership of words (a Set, or the saved form of background.ts). */
export interface WordSet {
  has(word: string): boolean;
  readonly size: number;
}

export interface Background {
  /** Word frequencies of jieba's general dictionary. */
  freq: WordFreq;
  total: number;
  /** Idioms and set phrases (tags i, l): general language, never domain terms. */
  idioms: WordSet;
}

let background: (Background & { idioms: Set<string> }) | undefined;

/**
 * jieba's general dictionary as a background corpus (word → frequency, about 350,000 words from general
 * Chinese text), loaded once per process: a word much more frequent here than there is a domain term.
 */
export function jiebaBackground(): Background & { idioms: Set<string> } {
  if (background) return background;
  const freq = new Map<string, number>();
  const idioms = new Set<string>();
  let total = 0;
  const dir = jiebaDictDir();
  const file = dir && path.join(dir, 'jieba.dict.utf8');
  if (file && existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const sp = line.indexOf(' ');
      if (sp <= 0) continue;
      const sp2 = line.indexOf(' ', sp + 1);
      const n = Number(line.slice(sp + 1, sp2 === -1 ? undefined : sp2));
      if (!Number.isFinite(n)) continue;
      const w = line.slice(0, sp);
      freq.set(w, (freq.get(w) ?? 0) + n);
      const tag = sp2 === -1 ? '' : line.slice(sp2 + 1).trim();
      if (tag === 'i' || tag === 'l') idioms.add(w);
      total += n;
    }
  }
  background = { freq, total: Math.max(total, 1), idioms };
  return background;
}

let jiebaStops: Set<string> | undefined;

/** jieba's stop-word list (Chinese entries only). */
export function jiebaStopwords(): Set<string> {
  if (jiebaStops) return jiebaStops;
  jiebaStops = new Set();
  const dir = jiebaDictDir();
  const file = dir && path.join(dir, 'stop_words.utf8');
  if (file && existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
      const w = line.trim();
      if (w && HAN_CHAR.test(w)) jiebaStops.add(w);
    }
  }
  return jiebaStops;
}

/** Parse a word list: words separated by whitespace, `#` starts a comment. */
export function parseWordList(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line) out.push(...line.split(/\s+/));
  }
  return out;
}

/**
 * Single-character pieces that begin or end phrases rather than terms when a candidate is cut with jieba's general
 * dictionary: verbs and modals (会出现, 想打造, 来处理), measure words (款模型, 上万张), degree and result
 * complements (国内大, 开发出, 能力强).
 */
const PIECE_START = new Set([...'会去要想用来到上下能得说看做让给往仅只句款篇张台块条项位家种次万千亿']);
const PIECE_END = new Set([...'涨跌惊说做看去来得想要会能大小多少高低强弱出成张块台款篇家种次起完好']);
const PIECE_INNER = new Set([...'和与及或跟同']);

/** The most probable cut of a short string with jieba's general dictionary (unknown characters stand alone). */
export function dictCut(w: string, bg: Background): string[] {
  const n = w.length;
  const best = new Float64Array(n + 1).fill(-Infinity);
  const from = new Int32Array(n + 1);
  best[0] = 0;
  const logTotal = Math.log(bg.total);
  for (let i = 1; i <= n; i++) {
    for (let j = Math.max(0, i - 8); j < i; j++) {
      const f = bg.freq.get(w.slice(j, i));
      const lp = f ? Math.log(f) - logTotal : i - j === 1 ? -logTotal : -Infinity;
      if (best[j]! + lp > best[i]!) {
        best[i] = best[j]! + lp;
        from[i] = j;
      }
    }
  }
  const pieces: string[] = [];
  for (let i = n; i > 0; i = from[i]!) pieces.unshift(w.slice(from[i]!, i));
  return pieces;
}

/** Whether jieba's general dictionary cuts `w` into a phrase: a function piece at an edge or a conjunction inside. */
export function phraseByDictionary(w: string, bg: Background, stopwords: ReadonlySet<string>): boolean {
  if (bg.idioms.has(w)) return true;
  const p = dictCut(w, bg);
  if (p.length < 2) return false;
  const first = p[0]!;
  const last = p[p.length - 1]!;
  if ((first.length === 1 && (PIECE_START.has(first) || START_STOP.has(first))) || (first.length > 1 && stopwords.has(first))) return true;
  if ((last.length === 1 && (PIECE_END.has(last) || END_STOP.has(last))) || (last.length > 1 && stopwords.has(last))) return true;
  return p.slice(1, -1).some((x) => PIECE_INNER.has(x) || (x.length > 1 && stopwords.has(x)));
}
