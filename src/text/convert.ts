import * as OpenCC from 'opencc-js';

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

/** An opencc-js converter to Simplified Chinese, built once per process (building one takes ~100 ms). */
export function toSimplified(from: FromLocale): Convert {
  return cached(from, () => OpenCC.Converter({ from, to: 'cn' }));
}

/** The reverse direction, Simplified to generic Traditional, used to tell the scripts apart. */
export function toTraditional(): Convert {
  return cached('cn→t', () => OpenCC.Converter({ from: 'cn', to: 't' }));
}
