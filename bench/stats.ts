/** Statistics of a bench's repeated measurements. */

/** The median (of an even count, the mean of the middle two). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Median and spread ((max − min) / median) of repeated measurements. */
export function stat(xs: number[]): { median: number; min: number; max: number; spread: number } {
  const med = median(xs);
  const min = Math.min(...xs);
  const max = Math.max(...xs);
  return { median: med, min, max, spread: med ? (max - min) / med : 0 };
}
