import * as OpenCC from 'opencc-js';
import { flatConverter } from './opencc-flat.js';

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
  return cached(from, () => converter(from, 'cn'));
}

/** The reverse direction, Simplified to generic Traditional, used to tell the scripts apart. */
export function toTraditional(): Convert {
  return cached('cn→t', () => converter('cn', 't'));
}

/** Every conversion qingxi runs: source and target locale, and the OpenCC configuration opencc-js runs for it. */
export const CONVERSIONS: readonly (readonly [from: FromLocale | 'cn', to: 'cn' | 't', config: string])[] = [
  ...FROM_LOCALES.map((from) => [from, 'cn', configName(from, 'cn')] as const),
  ['cn', 't', configName('cn', 't')],
];

/** The name of the built-in OpenCC configuration opencc-js 1.4 runs for a pair of locales (hk2sp, s2t, ...). */
function configName(from: string, to: string): string {
  if (from === 'cn') return `s2${to}`;
  if (to === 'cn') return from === 'hkp' ? 'hk2sp' : from === 'twp' ? 'tw2sp' : `${from}2s`;
  return `${from}2${to}`;
}
