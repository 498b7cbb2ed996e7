import type { Region, Script } from '../types.js';
import { toSimplified, toTraditional, type FromLocale } from './convert.js';

export interface ScriptDecision {
  script: Script;
  region: Region;
  /** opencc-js source locale, or undefined when no conversion is needed. */
  from: FromLocale | undefined;
  /** Evidence: counts of Traditional-only and Simplified-only characters, regional cues. */
  evidence: { traditional: number; simplified: number; tw: number; hk: number };
}

/** Characters written only in Hong Kong (Cantonese) text, and Hong Kong variant forms. */
const HK_CHARS = /[嘅咗係冇喺啲嚟佢哋唔嗰咁噉乜嘢嚿攰㗎嘢啱嘥揾搵畀俾睇諗諗嚡衞綫麪着峯裏]/g;
/** Taiwan variant forms and words used in Taiwan (opencc TWVariants / TWPhrases). */
const TW_CHARS = /[臺裡著為峰線衛麵]|軟體|網路|資訊|程式|影片|伺服器|資料庫|滑鼠|印表機|計程車|部落格|網際網路|行動電話|數位|雷射|韌體|硬碟|記憶體|螢幕|介面|預設|列印|檔案|視窗|使用者/g;
const TW_HOSTS = /\.tw$|udn\.com|chinatimes|ltn\.com|cna\.com|ettoday|storm\.mg|nownews|setn\.com|tvbs/;
const HK_HOSTS = /\.hk$|rthk|mingpao|hk01|hket|on\.cc|singtao|takungpao|wenweipo|hkej|scmp/;

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

function hanCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || c >= 0x20000) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  return counts;
}

/**
 * Decide an article's script and, for Traditional, its region: Taiwan, Hong Kong or generic. Counts characters
 * that only the Traditional or only the Simplified script uses (by converting a sample each way), then regional
 * variant characters and words, and the host of the article's URL when it is known.
 */
export function detectScript(text: string, url?: string, opts: { phrases: boolean } = { phrases: true }): ScriptDecision {
  const sample = text.length > 20000 ? text.slice(0, 20000) : text;
  const counts = hanCounts(sample);
  const han = counts.size;
  const traditional = countChanged(counts, toSimplified('tw'));
  const simplified = countChanged(counts, toTraditional());
  const tw = sample.match(TW_CHARS)?.length ?? 0;
  const hk = sample.match(HK_CHARS)?.length ?? 0;
  const evidence = { traditional, simplified, tw, hk };
  if (han === 0) return { script: 'none', region: 'cn', from: undefined, evidence };
  let script: Script;
  if (traditional === 0 || simplified > traditional * 3) script = 'simplified';
  else if (traditional > simplified * 3) script = 'traditional';
  else script = 'mixed';
  if (script === 'simplified') return { script, region: 'cn', from: undefined, evidence };
  let host = '';
  if (url) {
    try {
      host = new URL(url).host;
    } catch {
      /* not a URL */
    }
  }
  let region: Region;
  if (TW_HOSTS.test(host)) region = 'tw';
  else if (HK_HOSTS.test(host)) region = 'hk';
  else if (hk > tw && hk >= 2) region = 'hk';
  else if (tw > hk && tw >= 2) region = 'tw';
  else region = 'generic';
  const from: FromLocale = region === 'tw' ? (opts.phrases ? 'twp' : 'tw') : region === 'hk' ? 'hk' : 'tw';
  return { script, region, from, evidence };
}

/** A fixed region from the configuration, bypassing detection. */
export function fixedRegion(region: Region, phrases: boolean): FromLocale | undefined {
  if (region === 'cn') return undefined;
  if (region === 'tw') return phrases ? 'twp' : 'tw';
  if (region === 'hk') return 'hk';
  return 'tw';
}
