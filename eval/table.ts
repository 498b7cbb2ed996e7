/** One row of the `npm run eval` table. */
export interface EvalRow {
  /** What is measured, e.g. "sentence boundary F1". */
  measure: string;
  /** Data set, e.g. "UD GSDSimp test". */
  data: string;
  /** qingxi's figure, formatted. */
  qingxi: string;
  /** Published or same-run peer figure, formatted, with the peer's name. */
  peer: string;
  /** The target, e.g. "≥ 0.997". */
  target: string;
  /** Whether the target is met (undefined when there is no target). */
  pass?: boolean;
  /** Raw numbers for the JSON report. */
  values?: Record<string, number>;
  /** Extra material for the JSON and Markdown reports only (e.g. every failing case), not shown in the table. */
  details?: unknown;
}

/** An evaluation section: a name and a function producing rows (or a reason it was skipped). */
export interface EvalSection {
  name: string;
  /**
   * The section spends its time in worker threads and child processes, not on the main thread: `npm run eval`
   * starts it first and runs the other sections meanwhile.
   */
  background?: boolean;
  run: () => Promise<EvalRow[] | { skipped: string }>;
}
