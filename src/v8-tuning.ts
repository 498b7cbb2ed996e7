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
 * The most V8 lets each thread's young generation grow to, per semi-space, in MB (V8's default on 64-bit: 16).
 *
 * A run allocates a great many short-lived objects: parse5's tokens and nodes, the hast and nlcst trees, line
 * texts, the segmenter's results. V8 collects them with a scavenge each time a semi-space fills; with 16 MB that
 * is every few articles, and each scavenge also copies what is still alive (the article being worked on, its
 * trees) to the other semi-space, or to the old generation after two. Larger semi-spaces mean fewer scavenges
 * and fewer copies. `node dist/bench/gc-pauses.js <corpus> --semi 16,32,64` compares sizes side by side, summing
 * the pauses `--trace-gc` reports over the threads. On the 616-article bench corpus, medians of 3 runs: scavenge
 * pauses 564, 433 and 371 ms with 16, 32 and 64 MB for 1 worker, 1,115, 827 and 776 ms for 2 workers. Wall time
 * moves less than the machine's noise: with 1 worker every series measured was faster at 64 MB (by 2.5-7.6%, 2 to
 * 6 pairs); with 2 workers the series disagree (from 2.5% faster to 8% slower). The price is memory that does not
 * grow with the corpus: 70-150 MB more peak RSS.
 *
 * Set before the worker threads start, it applies to theirs; the main thread's heap is made before it is read.
 */
export const SEMI_SPACE_MB = 64;

/** Whether the command line (or NODE_OPTIONS) sets the V8 flag `name` (`--name=N`, `--name N`, `_` for `-`). */
function setsFlag(args: readonly string[], name: string): boolean {
  const re = new RegExp(`^--${name.replace(/-/g, '[-_]')}(=|$)`);
  return args.some((a) => re.test(a));
}

/** The node options in effect: the command line's and NODE_OPTIONS'. */
function nodeOptions(): string[] {
  return [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean)];
}

/**
 * Set the interrupt budget and the semi-space size, each unless the node options set it (`node
 * --interrupt-budget=N --max-semi-space-size=M bin/qingxi.js`). Call it before the worker threads start: V8's
 * flags are the process's, read by each thread's isolate as it compiles and as its heap is made. Returns the
 * flags set.
 */
export function tuneV8(args: readonly string[] = nodeOptions()): string[] {
  const flags: string[] = [];
  if (!setsFlag(args, 'interrupt-budget')) flags.push(`--interrupt-budget=${INTERRUPT_BUDGET}`);
  if (!setsFlag(args, 'max-semi-space-size')) flags.push(`--max-semi-space-size=${SEMI_SPACE_MB}`);
  for (const flag of flags) setFlagsFromString(flag);
  return flags;
}
