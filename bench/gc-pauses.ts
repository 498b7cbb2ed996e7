/**
 * Garbage collection of a run at several young-generation sizes, side by side: `node --trace-gc
 * --max-semi-space-size=S bin/qingxi.js run` over one corpus, the sizes alternating run by run, with the scavenges
 * and mark-compacts V8 reports for every thread summed, and each run's wall time, CPU time and peak RSS.
 *
 *   node dist/bench/gc-pauses.js <corpus> [--workers 1] [--semi 16,64] [--runs 3] [--out-dir DIR]
 *
 * 16 MB is V8's own maximum on 64-bit; qingxi gives a pool of one worker thread SEMI_SPACE_MB (src/v8-tuning.ts)
 * unless the command line sets a size, as it does here, for every thread. Outputs go to fresh folders under
 * --out-dir (default: the system's temporary folder), all removed at the end (removing files between runs makes
 * creating files slower on some disks: README.md, Speed).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../src/version.js';
import { runChild } from './child.js';
import { median } from './stats.js';

interface Gc {
  scavenges: number;
  scavengeMs: number;
  markCompacts: number;
  markCompactMs: number;
}

/** Sum the pauses `--trace-gc` reports (one line per collection, every isolate of the process). */
export function sumTraceGc(out: string): Gc {
  const gc: Gc = { scavenges: 0, scavengeMs: 0, markCompacts: 0, markCompactMs: 0 };
  for (const m of out.matchAll(/\b(Scavenge|Mark-Compact|Mark-sweep)\b[^\n]*?MB, ([\d.]+) \/ [\d.]+ ms/g)) {
    const ms = Number(m[2]);
    if (m[1] === 'Scavenge') {
      gc.scavenges++;
      gc.scavengeMs += ms;
    } else {
      gc.markCompacts++;
      gc.markCompactMs += ms;
    }
  }
  return gc;
}

function parseArgs(argv: string[]) {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i === -1 ? undefined : argv[i + 1];
  };
  const list = (v: string) => v.split(',').map(Number);
  const corpus = argv.find((a, i) => !a.startsWith('--') && (i === 0 || !argv[i - 1]!.startsWith('--')));
  const semi = list(get('semi') ?? '16,64');
  const workers = Number(get('workers') ?? 1);
  const runs = Number(get('runs') ?? 3);
  if (!corpus || !semi.every((s) => Number.isInteger(s) && s > 0) || !(Number.isInteger(workers) && workers > 0) || !(Number.isInteger(runs) && runs > 0)) {
    throw new Error('usage: node dist/bench/gc-pauses.js <corpus> [--workers N] [--semi 16,64] [--runs N] [--out-dir DIR]');
  }
  return { corpus: path.resolve(corpus), semi, workers, runs, outDir: get('out-dir') ?? os.tmpdir() };
}

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  const tmp = mkdtempSync(path.join(a.outDir, 'qingxi-gc-'));
  const cli = path.join(PACKAGE_ROOT, 'bin', 'qingxi.js');
  const rows = new Map<number, { wall: number[]; cpu: number[]; rss: number[]; gc: Gc[] }>(a.semi.map((s) => [s, { wall: [], cpu: [], rss: [], gc: [] }]));
  process.stdout.write(`${a.corpus}, ${a.workers} worker(s), semi-spaces ${a.semi.join(', ')} MB, ${a.runs} runs each (load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')})\n`);
  try {
    for (let r = 0; r < a.runs; r++) {
      // Alternate which size goes first, so that drift of the machine falls on each alike.
      const order = r % 2 ? [...a.semi].reverse() : a.semi;
      for (const s of order) {
        const out = path.join(tmp, `out-${s}-${r}`);
        const c = await runChild(process.execPath, ['--trace-gc', `--max-semi-space-size=${s}`, cli, 'run', '--corpus', a.corpus, '--out', out, '--concurrency', String(a.workers)]);
        if (c.code !== 0) throw new Error(`run with ${s} MB exited with ${c.code}:\n${c.stderr}`);
        const row = rows.get(s)!;
        row.wall.push(c.wallMs);
        if (c.cpuMs !== undefined) row.cpu.push(c.cpuMs);
        if (c.peakRssMb !== undefined) row.rss.push(c.peakRssMb);
        row.gc.push(sumTraceGc(c.stdout));
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const f = (xs: number[], div = 1, d = 2) => (xs.length ? (median(xs) / div).toFixed(d) : '');
  process.stdout.write('\n| semi-space MB | wall s | CPU s | scavenges | scavenge pauses ms | mark-compacts | mark-compact ms | peak RSS MB |\n');
  process.stdout.write('|---:|---:|---:|---:|---:|---:|---:|---:|\n');
  for (const [s, row] of rows) {
    const g = (k: keyof Gc) => row.gc.map((x) => x[k]);
    process.stdout.write(`| ${s} | ${f(row.wall, 1000)} | ${f(row.cpu, 1000)} | ${f(g('scavenges'), 1, 0)} | ${f(g('scavengeMs'), 1, 0)} | ${f(g('markCompacts'), 1, 0)} | ${f(g('markCompactMs'), 1, 0)} | ${f(row.rss, 1, 0)} |\n`);
  }
  process.stdout.write('(medians of the runs; pauses summed over every thread of a run)\n');
}

// Run when executed (not when a test imports `sumTraceGc`).
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
}
