/**
 * What this machine gives a second thread: the same work done by one thread, then by N threads at once (each
 * doing all of it), and the throughput ratio N × t1 / tN. Two kinds of work: qingxi's HTML parse (parse5 and
 * hast, JavaScript that allocates a lot: the kind of work most of a qingxi worker's time is) and nodejieba's cut
 * (native code). On N real cores both ratios are close to N; cores that share execution units or memory bandwidth
 * (SMT siblings, a throttled virtual machine) give less, and no pipeline can scale past that.
 *
 * Each thread goes over its work three times. The first pass runs while V8 still compiles the code it runs hot
 * (each thread compiles its own, on V8's background compiler threads, which take the spare core from a single
 * thread): `first` is that pass, `warm` the third, when the code is optimised. A worker thread of a qingxi run
 * spends its first articles in the first kind and the rest in the second.
 *
 *   node dist/bench/parallel-ceiling.js <corpus dir> <text file> [threads=2]
 * Prints JSON: { html: { first: { one, many, ratio }, warm: { one, many, ratio } }, cut: { ... } } (times in ms).
 */
import { readFileSync } from 'node:fs';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { tuneV8 } from '../src/v8-tuning.js';
import { sortedFiles } from './walk.js';

interface Job {
  kind: 'html' | 'cut';
  files: string[];
  textFile: string;
}

const PASSES = 3;

/** One thread's share: all of the work, PASSES times, each pass timed (after its inputs are read and its libraries loaded). */
async function work(job: Job): Promise<number[]> {
  let pass: () => void;
  if (job.kind === 'html') {
    const { htmlTree } = await import('../src/stages/parse-html.js');
    const pages = job.files.map((f) => readFileSync(f, 'utf8'));
    pass = () => {
      for (const p of pages) htmlTree(p);
    };
  } else {
    const { default: nodejieba } = await import('nodejieba');
    nodejieba.load();
    const lines = readFileSync(job.textFile, 'utf8').split('\n').filter((l) => l.trim());
    pass = () => {
      for (const l of lines) nodejieba.cut(l, true);
    };
  }
  const times: number[] = [];
  for (let k = 0; k < PASSES; k++) {
    const t = performance.now();
    pass();
    times.push(performance.now() - t);
  }
  return times;
}

/** Run `job` in `n` threads at once; per pass, the slowest thread's time. */
function inThreads(job: Job, n: number): Promise<number[]> {
  const one = () =>
    new Promise<number[]>((resolve, reject) => {
      const w = new Worker(new URL(import.meta.url), { workerData: job });
      w.once('message', (ms: number[]) => resolve(ms));
      w.once('error', reject);
    });
  return Promise.all(Array.from({ length: n }, one)).then((ts) => ts[0]!.map((_, k) => Math.max(...ts.map((t) => t[k]!))));
}

async function main(): Promise<void> {
  const [dir, textFile, threadsArg] = process.argv.slice(2);
  if (!dir || !textFile) {
    process.stderr.write('usage: node dist/bench/parallel-ceiling.js <corpus dir> <text file> [threads=2]\n');
    process.exit(2);
  }
  const n = Number(threadsArg ?? 2);
  // A third of the pages is plenty to measure and keeps this under a few seconds.
  const files = sortedFiles(dir, (name) => name.endsWith('.html')).filter((_, i) => i % 3 === 0);
  type Ratio = { one: number; many: number; ratio: number };
  const out: Record<string, { first: Ratio; warm: Ratio }> = {};
  for (const kind of ['html', 'cut'] as const) {
    const job: Job = { kind, files, textFile };
    // Alternate one and many, twice, keeping the best of each (the least disturbed by the machine's neighbours).
    const ones: number[][] = [];
    const manys: number[][] = [];
    for (let r = 0; r < 2; r++) {
      ones.push(await inThreads(job, 1));
      manys.push(await inThreads(job, n));
    }
    const ratio = (k: number): Ratio => {
      const one = Math.min(...ones.map((t) => t[k]!));
      const many = Math.min(...manys.map((t) => t[k]!));
      return { one, many, ratio: (n * one) / many };
    };
    out[kind] = { first: ratio(0), warm: ratio(PASSES - 1) };
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

if (isMainThread) {
  // (V8's flags as qingxi's CLI sets them, src/v8-tuning.ts: the first pass depends on how much V8 compiles.)
  tuneV8();
  main().catch((e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  });
} else {
  void work(workerData as Job).then((ms) => parentPort!.postMessage(ms));
}
