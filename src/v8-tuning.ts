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
 * The most V8 lets the young generation of a single worker thread's heap grow to, per semi-space, in MB (V8's
 * default on 64-bit: 16). Given to pools of one thread only (`workerYoungGenerationMb`).
 *
 * A run allocates a great many short-lived objects: parse5's tokens and nodes, the hast and nlcst trees, line
 * texts, the segmenter's results. V8 collects them with a scavenge each time a semi-space fills; with 16 MB that
 * is every three articles or so, and each scavenge also copies what is still alive (the article being worked on,
 * its trees) to the other semi-space, or to the old generation after two. Larger semi-spaces mean fewer
 * scavenges and fewer copies. `node dist/bench/gc-pauses.js <corpus> --semi 16,32,64` compares sizes side by
 * side, summing the pauses `--trace-gc` reports over the threads. On the 616-article bench corpus:
 *
 * - 1 worker: scavenge pauses 608 ms with 16 MB, 341 with 64; wall time 7.80 s against 7.50, CPU 10.64 s against
 *   10.11 (medians of 5 runs). Every series measured was faster at 64 MB, by 2.5-7.6% (2 to 6 runs each).
 * - 2 workers: pauses 1,092 ms against 700, but wall and CPU time the same (6.74 s against 6.71, 12.29 s against
 *   12.40; 6 runs), and other series disagreed (from 2.5% faster to 8% slower), for 147 MB more peak RSS.
 *
 * So one worker thread gets the larger young generation; two or more keep V8's default.
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
 * Set the interrupt budget unless the node options set it (`node --interrupt-budget=N bin/qingxi.js`). Call it
 * before the worker threads start: V8's flags are the process's, read by each thread's isolate as it compiles.
 * Returns the flag set, or undefined.
 */
export function tuneV8(args: readonly string[] = nodeOptions()): string | undefined {
  if (setsFlag(args, 'interrupt-budget')) return undefined;
  const flag = `--interrupt-budget=${INTERRUPT_BUDGET}`;
  setFlagsFromString(flag);
  return flag;
}

/**
 * The young-generation limit (Worker `resourceLimits.maxYoungGenerationSizeMb`: V8 takes it as three
 * semi-spaces) for the threads of a pool of `threads`: SEMI_SPACE_MB's for a single thread, none (V8's default)
 * for more, or when the node options set `--max-semi-space-size` themselves (which then holds for every thread).
 */
export function workerYoungGenerationMb(threads: number, args: readonly string[] = nodeOptions()): number | undefined {
  if (threads !== 1 || setsFlag(args, 'max-semi-space-size')) return undefined;
  return 3 * SEMI_SPACE_MB;
}
