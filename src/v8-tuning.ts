import { setFlagsFromString } from 'node:v8';

/**
 * V8's interrupt budget for the qingxi command: how much bytecode a function runs before V8 considers compiling it
 * with TurboFan (V8's default in Node 20: 67,584).
 *
 * Every thread of a run compiles its own code, and a run's code is broad rather than deep: the HTML parser, the
 * stages, the glossary. With the default budget, a run of the 616-article bench corpus made 906 TurboFan
 * compilations (`node --trace-opt`), many of them after deoptimisations of functions optimised on too little type
 * feedback (splitSentences 7 times, collectEvidence 6), and V8's background threads spent 4-6 s of CPU time in a
 * 12-15 s run. On two cores that CPU time is taken from the worker threads. Measured side by side, alternating
 * (`node --interrupt-budget=N bin/qingxi.js run`, 616 articles; 2,000-article store for the re-run):
 *
 * - 2 workers, 6 rounds: median 12.2 s with the default, 11.1 s with 200,000, 10.2 s with 400,000, 10.0 s with
 *   800,000 (faster than the default in 5 of 6 rounds);
 * - 1 worker, 5 rounds: wall time the same (10.9-13.8 s against 11.4-14.6 s), CPU time 8% lower; 1,600,000 was
 *   slower in 3 of 5 rounds;
 * - the one-article re-run of issue 5, 6 pairs: median 1.41 s against 1.29 s, faster in 5 of 6.
 *
 * A second series with the final build (`--interrupt-budget=67584` against none): 2 workers 10.16 s against 8.76 s
 * (medians of 5, faster in all 5); 1 worker 9.6-9.7 s either way; the re-run 1.23 s against 1.11 s (6 of 6). On a
 * longer run, 2,003 articles with 2 workers, 2 pairs: 20.8-20.9 s against 19.5-21.1 s. What the budget saves is
 * compilation, a cost that does not grow with the corpus: nothing lost on long runs, little gained.
 *
 * Hot loops still reach TurboFan after a few more iterations; the outputs do not depend on it.
 */
export const INTERRUPT_BUDGET = 800_000;

/**
 * Set the interrupt budget unless the command line sets one (`node --interrupt-budget=N bin/qingxi.js`). Call it
 * before the worker threads start: V8's flags are the process's, read by each thread's isolate as it compiles.
 * Returns the flag set, or undefined.
 */
export function tuneV8(execArgv: readonly string[] = process.execArgv): string | undefined {
  if (execArgv.some((a) => /^--interrupt[-_]budget(=|$)/.test(a))) return undefined;
  const flag = `--interrupt-budget=${INTERRUPT_BUDGET}`;
  setFlagsFromString(flag);
  return flag;
}
