import * as OpenCC from 'opencc-js';
import { entriesOf, flatConverter, IDC, type Config, type Dict, type Group } from './opencc-flat.js';

/**
 * opencc-js source locales qingxi uses to reach Simplified (`cn`): `t` generic Traditional (OpenCC t2s), `tw`
 * Taiwan variants (tw2s), `twp` Taiwan variants and vocabulary (tw2sp), `hk` Hong Kong variants (hk2s),
 * `hkp` Hong Kong variants and vocabulary (hk2sp).
 */
export type FromLocale = 't' | 'tw' | 'twp' | 'hk' | 'hkp';

export const FROM_LOCALES: readonly FromLocale[] = ['t', 'tw', 'twp', 'hk', 'hkp'];

type Convert = (s: string) => string;
const cache = new Map<string, Convert>();

function cached(key: string, build: () => Convert): Convert {
  let c = cache.get(key);
  if (c === undefined) {
    c = build();
    cache.set(key, c);
  }
  return c;
}

/**
 * opencc-js's converter between two locales: its own (building one takes ~100 ms), or, when its built-in
 * configuration can be read, the same conversion from flat tables (src/text/opencc-flat.ts: 3-5 times faster).
 */
function converter(from: string, to: string): Convert {
  const slow = () => OpenCC.Converter({ from, to } as Parameters<typeof OpenCC.Converter>[0]);
  return flatConverter(configName(from, to), slow) ?? slow();
}

/** An opencc-js converter to Simplified Chinese, built once per process. */
export function toSimplified(from: FromLocale): Convert {
  return cached(from, () => skipping(converter(from, 'cn'), configName(from, 'cn')));
}

/** The reverse direction, Simplified to generic Traditional, used to tell the scripts apart. */
export function toTraditional(): Convert {
  return cached('cn→t', () => skipping(converter('cn', 't'), configName('cn', 't')));
}

/** The name of the built-in OpenCC configuration opencc-js 1.4 runs for a pair of locales (hk2sp, s2t, ...). */
function configName(from: string, to: string): string {
  if (from === 'cn') return `s2${to}`;
  if (to === 'cn') return from === 'hkp' ? 'hk2sp' : from === 'twp' ? 'tw2sp' : `${from}2s`;
  return `${from}2${to}`;
}

/** The dictionaries of a segmentation setting: one dictionary (a string or pairs) or a group of them. */
function dictsOf(seg: Dict | Group | undefined): readonly Dict[] {
  if (seg === undefined) return [];
  if (typeof seg === 'string') return [seg];
  const first = seg[0];
  // Pairs ([key, value]) make one dictionary; strings or lists of pairs make a group.
  if (Array.isArray(first) && typeof first[0] === 'string') return [seg as Dict];
  return seg as Group;
}

/**
 * First code points of the keys a configuration's dictionaries change (value differs from key), or undefined
 * when the configuration is not there to read. Each dictionary group is one trie in opencc-js, the earlier
 * dictionary of a group winning; normalisation and conversion passes both count (segmentation only cuts).
 */
function changingStarts(name: string): { starts: Set<number>; crossesLines: boolean } | undefined {
  const config = (OpenCC.Locale.configs as Record<string, Config | undefined> | undefined)?.[name];
  if (!config || !Array.isArray(config.conversionChain)) return undefined;
  const starts = new Set<number>();
  let crossesLines = false;
  for (const group of [...(config.normalizationChain ?? []), ...config.conversionChain]) {
    const merged = new Map<string, string>();
    for (let i = group.length - 1; i >= 0; i--) for (const [k, v] of entriesOf(group[i]!) ?? []) merged.set(k, v);
    for (const [k, v] of merged) {
      if (k !== v && k.length > 0) starts.add(k.codePointAt(0)!);
      // A key with a line break, or a value bringing in an IDC for a later pass to step over (see `convertLines`).
      if (k.includes('\n') || IDC.test(v)) crossesLines = true;
    }
  }
  for (const d of dictsOf(config.segmentation)) for (const [k] of entriesOf(d) ?? []) if (k.includes('\n')) crossesLines = true;
  return { starts, crossesLines };
}

/**
 * For each converter whose dictionaries were read: whether code units [from, to) of a text hold a code point
 * that starts a key it changes; only when it may be run line by line (see `convertLines`).
 */
const changesOf = new WeakMap<Convert, (s: string, from: number, to: number) => boolean>();

/**
 * `convert(text)` computed in runs of whole lines, so that runs of lines with nothing to convert (see `skipping`)
 * are not run through opencc-js. The same text: no dictionary key holds a line break, so no match, in any pass
 * or in segmentation, crosses one, and opencc-js steps code point by code point, so it starts afresh after each.
 * The exception, text with an ideographic description character (whose operands may be a line break), and
 * converters whose dictionaries were not read, are converted whole.
 */
export function convertLines(convert: Convert, text: string): string {
  const changes = changesOf.get(convert);
  if (!changes || IDC.test(text)) return convert(text);
  const out: string[] = [];
  // Lines [runStart, lineStart) form the current run, all with (`runChanges`) or all without a change.
  let runStart = 0;
  let runChanges: boolean | undefined;
  const flush = (end: number) => {
    const run = text.slice(runStart, end);
    out.push(runChanges ? convert(run) : run);
  };
  for (let lineStart = 0; ; ) {
    const br = text.indexOf('\n', lineStart);
    const end = br === -1 ? text.length : br;
    const c = changes(text, lineStart, end);
    if (runChanges !== undefined && c !== runChanges) {
      flush(lineStart - 1);
      runStart = lineStart;
    }
    runChanges = c;
    if (br === -1) break;
    lineStart = br + 1;
  }
  flush(text.length);
  return out.join('\n');
}

/**
 * `convert` that returns a text unchanged without running it when no code point of the text starts a key the
 * converter's dictionaries change. Exactly equivalent: opencc-js matches dictionary keys at code point
 * positions, so with no changing key's first code point in the text every match is a key that maps to itself,
 * in every pass. Most lines of Simplified text have no such character for the Traditional-to-Simplified
 * converters. The set is checked against the converter on every Han character on its own (a converter that
 * changes one outside the set is not the configuration read, and then every text is converted).
 */
function skipping(convert: Convert, name: string): Convert {
  const read = changingStarts(name);
  if (!read) return convert;
  const { starts, crossesLines } = read;
  const bmp = new Uint8Array(0x10000);
  const astral = new Set<number>();
  for (const c of starts) {
    if (c < 0x10000) bmp[c] = 1;
    else astral.add(c);
  }
  if (!coversSingleChanges(convert, bmp)) return convert;
  const changes = (s: string, from = 0, to = s.length): boolean => {
    for (let i = from; i < to; i++) {
      const c = s.charCodeAt(i);
      if (bmp[c] === 1) return true;
      if (c >= 0xd800 && c <= 0xdbff && astral.size > 0 && astral.has(s.codePointAt(i)!)) return true;
    }
    return false;
  };
  const skip = (s: string) => (changes(s) ? convert(s) : s);
  if (!crossesLines) changesOf.set(skip, changes);
  return skip;
}

/** Whether every BMP Han character (and compatibility ideograph) the converter changes on its own is marked. */
function coversSingleChanges(convert: Convert, bmp: Uint8Array): boolean {
  const chars: string[] = [];
  for (const [from, to] of [[0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xf900, 0xfaff]] as const) {
    for (let c = from; c <= to; c++) chars.push(String.fromCharCode(c));
  }
  const out = convert(chars.join('\n')).split('\n');
  if (out.length !== chars.length) return false;
  return chars.every((ch, i) => out[i] === ch || bmp[ch.charCodeAt(0)] === 1);
}
