import { Locale } from 'opencc-js';
import type { Region, Script } from '../types.js';
import { toSimplified, toTraditional, type FromLocale } from './convert.js';
import { entriesOf } from './opencc-flat.js';

export interface ScriptDecision {
  script: Script;
  region: Region;
  /** opencc-js source locale, or undefined when no conversion is needed. */
  from: FromLocale | undefined;
  /**
   * Evidence: counts of Traditional-only and Simplified-only characters; Taiwan and Hong Kong cues (variant
   * forms, regional words, Cantonese); regional vocabulary Taiwan and Hong Kong share (滑鼠, 伺服器).
   */
  evidence: { traditional: number; simplified: number; tw: number; hk: number; regional: number };
}

/** Cantonese characters, and variant forms only Hong Kong's standard uses (OpenCC HKVariants). */
const HK_CHARS = charSet('嘅咗冇喺啲嚟佢哋唔嗰噉乜嘢嚿㗎啱嘥揾搵畀睇諗嚡衞綫枱敍粧糭衹');
/** Variant forms Taiwan's standard uses and Hong Kong's does not (臺 vs 台, 裡 vs 裏, 線 vs 綫, 衛 vs 衞). */
const TW_CHARS = charSet('臺裡線衛麵');
const TW_HOSTS = /\.tw$|udn\.com|chinatimes|ltn\.com|libertytimes|cna\.com|ettoday|storm\.mg|nownews|setn\.com|tvbs|yam\.com|cnyes/;
const HK_HOSTS = /\.hk$|rthk|mingpao|hk01|hket|on\.cc|singtao|takungpao|wenweipo|hkej|scmp/;

/** A set of BMP characters (no surrogates) as a table by code unit. */
function charSet(chars: string): Uint8Array {
  const set = new Uint8Array(0x10000);
  for (let i = 0; i < chars.length; i++) set[chars.charCodeAt(i)] = 1;
  return set;
}

/** How many characters of `text` are in `set` (a BMP set: one code unit each). */
function countIn(text: string, set: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) n += set[text.charCodeAt(i)]!;
  return n;
}

/** Sample size: region and script are decided on the first this-many code units. */
export const SAMPLE = 20000;

/**
 * Longest-match counter over OpenCC's regional phrase tables (TWPhrasesRev, HKPhrasesRev): how many words of a
 * text a regional phrase conversion would change, split into Taiwan-only, Hong Kong-only and shared words.
 * Entries that convert to themselves (代碼, 數據) block shorter matches, as they do in OpenCC, and count nothing.
 */
class PhraseCues {
  /** By the first code unit of the words: the words, longest first. */
  private readonly byFirst: ({ word: string; cue: 'tw' | 'hk' | 'both' | 'none' }[] | undefined)[] = new Array(0x10000).fill(undefined);

  constructor() {
    const tw = new Map(entriesOf(Locale.from.twp![0]![0]!) ?? []);
    const hk = new Map(entriesOf(Locale.from.hkp![0]![0]!) ?? []);
    const words = new Set([...tw.keys(), ...hk.keys()]);
    for (const word of words) {
      const inTw = tw.has(word) && tw.get(word) !== word;
      const inHk = hk.has(word) && hk.get(word) !== word;
      const cue = inTw && inHk ? 'both' : inTw ? 'tw' : inHk ? 'hk' : 'none';
      // The empty word (if a table had one) never matches: `text[i]` is never ''.
      if (word.length === 0) continue;
      const first = word.charCodeAt(0);
      let list = this.byFirst[first];
      if (!list) this.byFirst[first] = list = [];
      list.push({ word, cue });
    }
    for (const list of this.byFirst) list?.sort((a, b) => b.word.length - a.word.length);
  }

  count(text: string): { tw: number; hk: number; both: number } {
    const out = { tw: 0, hk: 0, both: 0 };
    for (let i = 0; i < text.length; ) {
      const list = this.byFirst[text.charCodeAt(i)];
      let hit: { word: string; cue: 'tw' | 'hk' | 'both' | 'none' } | undefined;
      if (list) {
        for (const e of list) {
          if (text.startsWith(e.word, i)) {
            hit = e;
            break;
          }
        }
      }
      if (!hit) {
        i++;
        continue;
      }
      if (hit.cue !== 'none') out[hit.cue]++;
      i += hit.word.length;
    }
    return out;
  }
}

let phraseCues: PhraseCues | undefined;

/**
 * How many Han characters of `text` a character-level conversion changes. Each distinct character is converted
 * on its own line, so phrase rules do not interfere and lengths cannot drift.
 */
function countChanged(counts: Map<string, number>, convert: (s: string) => string): number {
  const chars = [...counts.keys()];
  const converted = convert(chars.join('\n')).split('\n');
  if (converted.length !== chars.length) return 0;
  let n = 0;
  chars.forEach((ch, i) => {
    if (converted[i] !== ch) n += counts.get(ch)!;
  });
  return n;
}

/**
 * How many Han characters of `text` a conversion changes, in context (so 游泳 and 皇后, valid in both scripts,
 * do not count as Simplified). Falls back to converting each distinct character on its own when a phrase
 * changes the length of the text.
 */
function countChangedInContext(text: string, counts: () => Map<string, number>, convert: (s: string) => string): number {
  const out = convert(text);
  if (out.length !== text.length) return countChanged(counts(), convert);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (out.charCodeAt(i) !== c && !isLowSurrogate(c)) n++;
  }
  return n;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Han characters as `hanCounts` counts them (BMP ideographs, extension A, and the supplementary planes' ideographs). */
const HAN_CHAR = /[\u3400-\u4DBF\u4E00-\u9FFF]|[\u{20000}-\u{10FFFF}]/u;

function hanCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || c >= 0x20000) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  return counts;
}

const ZHE = charSet('着');

/**
 * 著 used as the aspect particle (睡著, 看著: 着 in Simplified), which Taiwan's standard writes 著 and Hong Kong's
 * and the mainland's write 着. OpenCC's Taiwan variant phrases tell it from 著 in 著作, 顯著, 土著, which stays.
 */
function particleZhu(text: string): number {
  if (!text.includes('著')) return 0;
  const converted = toSimplified('tw')(text);
  return Math.max(0, countIn(converted, ZHE) - countIn(text, ZHE));
}

function hostOf(url: string | undefined): string {
  if (!url) return '';
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

/**
 * Decide an article's script and, for Traditional, its region: Taiwan, Hong Kong or generic, and the opencc-js
 * converter to Simplified.
 *
 * Script: characters only the Traditional or only the Simplified script uses (each distinct character converted
 * both ways). Region: the host of the article's URL when it is a known Taiwan or Hong Kong site; otherwise
 * cues in the text: Taiwan's and Hong Kong's own variant forms (臺/台, 裡/裏, 衛/衞), 著 as a particle,
 * Cantonese characters, and words from OpenCC's Taiwan and Hong Kong phrase tables (軟體, 硬碟, 密芝根).
 *
 * Converters: Taiwan `tw` (`twp` with phrases), Hong Kong `hk` (`hkp` with phrases), generic Traditional `t`
 * (OpenCC t2s; with phrases and shared regional vocabulary present, `hkp`). Simplified text with a few
 * Traditional characters gets `hk`, which converts them and leaves Simplified text as it is (unlike `tw`, which
 * turns the 著 of 显著 into 着); so does mixed text that is mostly Simplified.
 */
export function detectScript(text: string, url?: string, opts: { phrases: boolean } = { phrases: true }): ScriptDecision {
  const sample = text.length > SAMPLE ? text.slice(0, SAMPLE) : text;
  // Counts of each Han character, needed only when a conversion changes the length of the text.
  let known: Map<string, number> | undefined;
  const counts = () => (known ??= hanCounts(sample));
  // Hong Kong's table: generic t2s plus the variant forms only Hong Kong writes (衞, 衹, 枱), which t2s leaves.
  const traditional = countChangedInContext(sample, counts, toSimplified('hk'));
  // With no Traditional character the text is Simplified whatever the other count says: skip that conversion
  // (the most expensive step of detection, and most articles are Simplified).
  const simplified = traditional === 0 ? 0 : countChangedInContext(sample, counts, toTraditional());
  const evidence = { traditional, simplified, tw: 0, hk: 0, regional: 0 };
  if (!HAN_CHAR.test(sample)) return { script: 'none', region: 'cn', from: undefined, evidence };
  let script: Script;
  if (traditional === 0 || simplified > traditional * 3) script = 'simplified';
  else if (traditional > simplified * 3) script = 'traditional';
  else script = 'mixed';
  if (script === 'simplified') return { script, region: 'cn', from: traditional > 0 ? 'hk' : undefined, evidence };

  const words = (phraseCues ??= new PhraseCues()).count(sample);
  evidence.tw = countIn(sample, TW_CHARS) + particleZhu(sample) + words.tw;
  evidence.hk = countIn(sample, HK_CHARS) + words.hk;
  evidence.regional = words.both;

  const host = hostOf(url);
  let region: Region;
  if (TW_HOSTS.test(host)) region = 'tw';
  else if (HK_HOSTS.test(host)) region = 'hk';
  else if (evidence.hk > evidence.tw) region = 'hk';
  else if (evidence.tw > evidence.hk) region = 'tw';
  else region = 'generic';

  let from: FromLocale;
  // Taiwan's variant table rewrites 著 even in Simplified text (显著 → 显着): only when most of the text is
  // Traditional. Otherwise Hong Kong's, which leaves Simplified text as it is.
  if (region === 'tw' && traditional >= simplified) from = opts.phrases ? 'twp' : 'tw';
  else if (region === 'tw') from = opts.phrases ? 'hkp' : 'hk';
  else if (region === 'hk') from = opts.phrases ? 'hkp' : 'hk';
  // Generic Traditional: OpenCC t2s. With phrases on, vocabulary Taiwan and Hong Kong share (滑鼠, 伺服器) is
  // converted with the Hong Kong table, which holds every shared word and, unlike Taiwan's variants, never
  // touches 著.
  else from = opts.phrases && evidence.regional > 0 ? 'hkp' : 't';
  return { script, region, from, evidence };
}

/** A fixed region from the configuration, bypassing detection. */
export function fixedRegion(region: Region, phrases: boolean): FromLocale | undefined {
  if (region === 'cn') return undefined;
  if (region === 'tw') return phrases ? 'twp' : 'tw';
  if (region === 'hk') return phrases ? 'hkp' : 'hk';
  return 't';
}
