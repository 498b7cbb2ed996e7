/**
 * The main body as the best-scoring contiguous run of lines (in the spirit of Finn's body text extraction): each
 * line weighs its content score times its size, and the run with the largest sum wins. Short chrome inside the
 * article costs less than the article text around it earns, so the run crosses it; the navigation and the lists
 * around the article cost more than they earn, so the run stops at them.
 */
export interface Region {
  start: number;
  /** Exclusive. */
  end: number;
  sum: number;
}

/** Weight of one line for the region search. */
export function lineWeight(score: number, len: number): number {
  return score >= 0 ? score * (len + 4) : score * (Math.min(len, 60) / 2 + 6);
}

/** The contiguous run of `weights` with the largest sum (the first one on ties); sum 0 and empty when none is positive. */
export function bestRegion(weights: readonly number[]): Region {
  let best: Region = { start: 0, end: 0, sum: 0 };
  let curStart = 0;
  let cur = 0;
  for (let i = 0; i < weights.length; i++) {
    if (cur <= 0) {
      cur = 0;
      curStart = i;
    }
    cur += weights[i]!;
    if (cur > best.sum) best = { start: curStart, end: i + 1, sum: cur };
  }
  return best;
}
