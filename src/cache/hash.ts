import { createHash } from 'node:crypto';

/**
 * sha256 (hex) over a list of parts, each length-prefixed so that ("ab", "c") and ("a", "bc") differ. Every cache
 * key of qingxi's store is built with it.
 */
export function hashOf(...parts: (string | Uint8Array)[]): string {
  const h = createHash('sha256');
  for (const p of parts) {
    const len = typeof p === 'string' ? Buffer.byteLength(p) : p.byteLength;
    h.update(`${len}:`);
    h.update(p);
  }
  return h.digest('hex');
}

/** Code-unit order, the order every list hashed into a key is sorted in. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
