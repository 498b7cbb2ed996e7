import * as OpenCC from 'opencc-js';

/** opencc-js source locales qingxi uses to reach Simplified (`cn`). */
export type FromLocale = 't' | 'tw' | 'twp' | 'hk';

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
