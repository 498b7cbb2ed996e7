/**
 * `npm run bench`: qingxi's throughput and memory next to the segmenter alone and the shell pipeline users run
 * today, on a benchmark corpus built from real pages (bench/corpus.ts), all in one run.
 *
 *   npm run bench -- [--mb 20] [--runs 3] [--workers 1,2] [--seed 1] [--html-share 0.5] [--keep] [--json file]
 *
 * - qingxi: the built CLI (`node bin/qingxi.js run`) in a child process, at each worker count, `--runs` times
 *   (interleaved), reporting the median and the spread; peak RSS of the child (worker threads included) from
 *   /usr/bin/time, else sampled from /proc.
 * - time per stage: one extra run at the lowest worker count through `runPipeline` (bench/stage-run.ts, the CLI's
 *   code) under `--cpu-prof`: its summary gives the stage timers (worker time, summed over articles) and the wall
 *   time of each phase; the threads' CPU profiles give what no timer covers (decode, glossary, orchestration,
 *   waiting), see bench/profile-summary.ts.
 * - start-up: `qingxi --version`, and a run over a one-article corpus (worker start, dictionaries, every phase).
 * - memory: peak RSS on a quarter-size corpus (1×) and on the full corpus (4×), at the highest worker count; the
 *   dictionaries' memory per worker (nodejieba defaults against what qingxi loads).
 * - baselines, nodejieba `cut` alone and `opencc -c t2s.json | python3 -m jieba -d ' '`, each over two inputs:
 *   the corpus files as written (what users pipe through the shell pipeline today, and the input qingxi reads:
 *   the issue's figures for both baselines, 0.5 and 3.5 M characters/s, are speeds over such files) and the
 *   articles' text alone (text dumps as written, HTML pages as their text content: the stricter comparison,
 *   since the baselines then skip the markup that qingxi must parse).
 * - the machine's own two-thread ceiling (bench/parallel-ceiling.ts): the same work in one thread and in two.
 * - the file system: the files a run creates, what creating one costs in the folder the runs write to and in tmpfs
 *   (bench/file-cost.ts), and, when the runs' folder is not tmpfs, the qingxi runs again with their output on
 *   tmpfs (/dev/shm), interleaved with the others: the same work without the disk's cost of creating files.
 * MB/s and M chars/s count the input files; M text chars/s counts the articles' text.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../src/version.js';
import { buildBenchCorpus, danielHtmlDir, type BenchCorpusStats } from './corpus.js';
import { runChild, TIME } from './child.js';
import { fileCreateCost, filesUnder, keepsRoom, tmpfsBeside } from './file-cost.js';
import { categoriseDir } from './profile-summary.js';
import { median, stat } from './stats.js';

interface Args {
  mb: number;
  runs: number;
  workers: number[];
  seed: number;
  htmlShare: number;
  keep: boolean;
  json?: string;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i === -1 ? undefined : argv[i + 1];
  };
  const num = (name: string, d: number) => {
    const v = get(name);
    if (v === undefined) return d;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
    return n;
  };
  return {
    mb: num('mb', 20),
    runs: Math.round(num('runs', 3)),
    workers: (get('workers') ?? '1,2').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0),
    seed: Math.round(num('seed', 1)),
    htmlShare: get('html-share') !== undefined ? Number(get('html-share')) : 0.5,
    keep: argv.includes('--keep'),
    json: get('json'),
  };
}

const log = (s = '') => process.stdout.write(`${s}\n`);
const NODE = process.execPath;
const CLI = path.join(PACKAGE_ROOT, 'bin', 'qingxi.js');
const DIST_BENCH = path.join(PACKAGE_ROOT, 'dist', 'bench');

interface JiebaRun {
  loadMs: number;
  cutMs: number;
  chars: number;
  wallMs: number;
  cpuMs: number | undefined;
}

interface Baselines {
  jieba: JiebaRun[];
  shell: { runs: { wallMs: number; cpuMs: number | undefined }[] } | { skipped: string };
}

const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);
const pct = (n: number) => `±${(n * 50).toFixed(0)}%`;

interface QingxiRun {
  workers: number;
  wallMs: number;
  cpuMs: number | undefined;
  peakRssMb: number | undefined;
  articles: number;
  /** Files the run created (article outputs, corpus outputs and the store), and their bytes. */
  files: number;
  bytes: number;
  /** Its output stayed in the bench's folder until the bench ended (see `keepsRoom`). */
  kept: boolean;
  report: Record<string, unknown> | undefined;
}

function readReport(out: string): Record<string, unknown> | undefined {
  const p = path.join(out, 'report.json');
  if (!existsSync(p)) return undefined;
  return JSON.parse(readFileSync(p, 'utf8')) as Record<string, unknown>;
}

/** The output folders of runs under way (removed on an interrupt too: some are on tmpfs, outside the bench's folder). */
const runningOuts = new Set<string>();

/**
 * A run of the built CLI over `corpus`, its output in a new folder under `outParent`, removed after it unless
 * `keep` (a timed run in the bench's own folder, which goes at the end) and the disk has room for it.
 */
async function qingxi(corpus: string, workers: number, outParent: string, keep = false): Promise<QingxiRun> {
  const out = mkdtempSync(path.join(outParent, 'qingxi-bench-out-'));
  runningOuts.add(out);
  let run: QingxiRun | undefined;
  try {
    run = await qingxiIn(corpus, workers, out);
    run.kept = keep && keepsRoom(out, run.bytes);
    return run;
  } finally {
    if (!run?.kept) rmSync(out, { recursive: true, force: true });
    runningOuts.delete(out);
  }
}

async function qingxiIn(corpus: string, workers: number, out: string): Promise<QingxiRun> {
  const r = await runChild(NODE, [CLI, 'run', '--corpus', corpus, '--out', out, '--concurrency', String(workers)]);
  if (r.code !== 0 && r.code !== 1) throw new Error(`qingxi run failed (exit ${r.code}):\n${r.stderr.slice(-2000)}`);
  const report = readReport(out);
  const totals = (report?.totals ?? {}) as { articles?: number };
  const { files, bytes } = filesUnder(out);
  if (!report || !totals.articles) throw new Error(`qingxi run wrote no report or no article (exit ${r.code}):\n${r.stderr.slice(-2000)}`);
  return { workers, wallMs: r.wallMs, cpuMs: r.cpuMs, peakRssMb: r.peakRssMb, articles: totals.articles ?? 0, files, bytes, kept: false, report };
}

/** A Python that has jieba (the Debian package installs it for /usr/bin/python3). */
function pythonWithJieba(): string | undefined {
  for (const py of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(py, ['-c', 'import jieba'], { stdio: 'ignore' });
    if (r.status === 0) return py;
  }
  return undefined;
}

function hasOpencc(): boolean {
  return spawnSync('opencc', ['--version'], { stdio: 'ignore' }).status === 0;
}

function sumStage(stageMs: Record<string, number>, names: string[]): number {
  return names.reduce((n, k) => n + (stageMs[k] ?? 0), 0);
}

/** Stage groups as the issue names them, from the stage names qingxi records. */
const GROUPS: [string, string[]][] = [
  ['parse (text lines / HTML blocks)', ['parse', 'html-blocks']],
  ['normalise (punctuation, script, convert)', ['punctuation', 'script', 'convert']],
  ['chrome and metadata', ['chrome', 'metadata']],
  ['reflow and sentences', ['reflow', 'sentences']],
  ['segment', ['segment']],
  ['write article files', ['write']],
];

function table(rows: string[][]): void {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  log(line(rows[0]!));
  log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows.slice(1)) log(line(r));
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!existsSync(CLI) || !existsSync(path.join(PACKAGE_ROOT, 'dist', 'src', 'cli.js'))) {
    throw new Error('build first: npx tsc -p tsconfig.json (npm run bench does it)');
  }
  if (!existsSync(danielHtmlDir())) {
    log(`note: ${danielHtmlDir()} is absent: the corpus is built from the sample corpus alone (not representative)`);
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'qingxi-bench-'));
  // qingxi's user-level cache (src/cache/user-cache.ts) in the bench's folder: the start-up runs below fill it,
  // as any first run on a machine does, so every timed run finds it (as python jieba finds its own dictionary cache).
  process.env.QINGXI_CACHE_DIR = path.join(tmp, 'user-cache');
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      for (const out of runningOuts) rmSync(out, { recursive: true, force: true });
      if (!args.keep) rmSync(tmp, { recursive: true, force: true });
      process.exit(130);
    });
  }
  const result: Record<string, unknown> = { args, machine: { cpus: os.availableParallelism(), node: process.version, load: os.loadavg() } };
  try {
    // Corpora: the full one and a quarter of it (its first quarter: same seed) for memory scaling.
    let t = performance.now();
    const full = path.join(tmp, 'corpus');
    const textFile = path.join(tmp, 'text.txt');
    const filesFile = path.join(tmp, 'files.txt');
    const quarter = path.join(tmp, 'corpus-quarter');
    const fullStats = await buildBenchCorpus(full, { targetBytes: args.mb * 1024 * 1024, seed: args.seed, htmlShare: args.htmlShare, textOut: textFile, filesOut: filesFile });
    const quarterStats = await buildBenchCorpus(quarter, { targetBytes: (args.mb / 4) * 1024 * 1024, seed: args.seed, htmlShare: args.htmlShare });
    const corpusLine = (name: string, s: BenchCorpusStats) =>
      `${name}: ${s.files} articles (${s.htmlFiles} HTML, ${s.files - s.htmlFiles} text dumps, ${s.traditional} converted to Traditional), ` +
      `${f1(s.bytes / 1e6)} MB, ${f2(s.chars / 1e6)} M characters of which ${f2(s.textChars / 1e6)} M text`;
    log(`qingxi bench in ${tmp} (${os.availableParallelism()} cores, load ${os.loadavg().map(f1).join(' ')}; corpora built in ${f1((performance.now() - t) / 1000)} s)`);
    log(corpusLine('corpus', fullStats));
    log(corpusLine('quarter corpus (memory 1×)', quarterStats));
    result.corpus = fullStats;
    result.quarterCorpus = quarterStats;

    // Start-up.
    const one = path.join(tmp, 'corpus-one');
    mkdirSync(one);
    const sample = readdirSync(path.join(PACKAGE_ROOT, 'corpus')).filter((f) => f.endsWith('.txt')).sort()[0];
    if (sample) copyFileSync(path.join(PACKAGE_ROOT, 'corpus', sample), path.join(one, sample));
    else writeFileSync(path.join(one, 'one.txt'), '这是一篇只有一句话的文章。\n');
    const versionMs: number[] = [];
    for (let i = 0; i < 3; i++) versionMs.push((await runChild(NODE, [CLI, '--version'])).wallMs);
    const oneMs: number[] = [];
    for (let i = 0; i < Math.min(args.runs, 2); i++) oneMs.push((await qingxi(one, 1, tmp)).wallMs);
    result.startup = { versionMs: stat(versionMs), oneArticleMs: stat(oneMs) };

    // qingxi at each worker count, interleaved; and with the output on tmpfs, when the runs' folder is not.
    const shm = tmpfsBeside(tmp);
    // (The cost of creating files on a disk varies with what else the machine's disk is doing: measured before the
    // runs and after them. The probe's files, like the disk runs' outputs, stay until the bench ends: see keepsRoom.)
    const costBefore = fileCreateCost(tmp, undefined, undefined, false);
    const runs = new Map<number, QingxiRun[]>(args.workers.map((w) => [w, []]));
    const shmRuns = new Map<number, QingxiRun[]>(args.workers.map((w) => [w, []]));
    for (let r = 0; r < args.runs; r++) {
      for (const w of args.workers) {
        for (const [where, into] of [[tmp, runs], ...(shm ? [[shm, shmRuns] as const] : [])] as const) {
          const q = await qingxi(full, w, where, where === tmp);
          into.get(w)!.push(q);
          process.stderr.write(`bench: qingxi ${w} worker(s), output in ${where}, run ${r + 1}/${args.runs}: ${f1(q.wallMs / 1000)} s, peak RSS ${q.peakRssMb === undefined ? '?' : f1(q.peakRssMb)} MB\n`);
        }
      }
    }
    const createCost = { before: costBefore, here: fileCreateCost(tmp, undefined, undefined, false), ...(shm ? { tmpfs: fileCreateCost(shm) } : {}) };

    // Time per stage: one more run at the lowest worker count, through runPipeline (the CLI's code) so the summary
    // gives the stage and phase timings, under --cpu-prof so the threads' profiles give the rest (decode, glossary,
    // orchestration, waiting), which no stage timer covers.
    const w1 = Math.min(...args.workers);
    const profDir = path.join(tmp, 'profile');
    const profOut = mkdtempSync(path.join(tmp, 'out-'));
    // (The threads load the modules one by one, not the bundles, so that each sample names its source file.)
    const profRun = await runChild(NODE, ['--cpu-prof', '--cpu-prof-dir', profDir, path.join(DIST_BENCH, 'stage-run.js'), full, profOut, String(w1)], {
      env: { ...process.env, QINGXI_MODULES: '1' },
    });
    rmSync(profOut, { recursive: true, force: true });
    if (profRun.code !== 0) throw new Error(`stage-run failed:\n${profRun.stderr.slice(-2000)}`);
    const summary = JSON.parse(profRun.stdout) as { stageMs: Record<string, number>; phaseMs: Record<string, number>; timeMs: number };
    const { stageMs, phaseMs } = summary;
    const profile = categoriseDir(profDir);
    process.stderr.write(`bench: profiled ${w1}-worker run: ${f1(profRun.wallMs / 1000)} s\n`);

    // Memory: the quarter corpus at the highest worker count (the full corpus is 4× it).
    const wMax = Math.max(...args.workers);
    const quarterRun = await qingxi(quarter, wMax, tmp);

    // Baselines, over the corpus files and over the articles' text.
    const py = pythonWithJieba();
    const skipped = !py || !hasOpencc() ? `missing ${[!hasOpencc() ? 'opencc' : '', !py ? 'python3-jieba' : ''].filter(Boolean).join(' ')}: apt-get update && apt-get install -y opencc python3-jieba` : undefined;
    const baselines = async (input: string): Promise<Baselines> => {
      const jieba: JiebaRun[] = [];
      for (let r = 0; r < args.runs; r++) {
        const c = await runChild(NODE, [path.join(DIST_BENCH, 'jieba-cut.js'), input]);
        if (c.code !== 0) throw new Error(`jieba-cut failed:\n${c.stderr}`);
        jieba.push({ ...(JSON.parse(c.stdout) as { loadMs: number; cutMs: number; chars: number }), wallMs: c.wallMs, cpuMs: c.cpuMs });
      }
      if (skipped) return { jieba, shell: { skipped } };
      const cmd = `opencc -c t2s.json -i '${input}' | ${py} -m jieba -d ' ' > /dev/null`;
      const shellRuns: { wallMs: number; cpuMs: number | undefined }[] = [];
      for (let r = 0; r < Math.min(args.runs, 2); r++) {
        const c = await runChild('bash', ['-o', 'pipefail', '-c', cmd]);
        if (c.code !== 0) throw new Error(`shell pipeline failed:\n${c.stderr.slice(-2000)}`);
        shellRuns.push({ wallMs: c.wallMs, cpuMs: c.cpuMs });
      }
      return { jieba, shell: { runs: shellRuns } };
    };
    const overFiles = await baselines(filesFile);
    const overText = await baselines(textFile);
    process.stderr.write('bench: baselines done\n');
    // The machine's own two-thread ceiling.
    const ceilingRun = await runChild(NODE, [path.join(DIST_BENCH, 'parallel-ceiling.js'), full, textFile, String(Math.max(...args.workers))]);
    type Ratio = { one: number; many: number; ratio: number };
    const ceiling = ceilingRun.code === 0 ? (JSON.parse(ceilingRun.stdout) as Record<'html' | 'cut', { first: Ratio; warm: Ratio }>) : undefined;
    const dict: Record<string, { deltaMb: number; loadMs: number }> = {};
    for (const mode of ['textrank', 'default', 'qingxi']) {
      const c = await runChild(NODE, [path.join(DIST_BENCH, 'dict-memory.js'), mode]);
      if (c.code === 0) dict[mode] = JSON.parse(c.stdout) as { deltaMb: number; loadMs: number };
    }

    // Figures.
    const text = fullStats.textChars;
    const per = (ms: number) => ({ mbs: fullStats.bytes / 1e6 / (ms / 1000), mchars: fullStats.chars / 1e6 / (ms / 1000), mcs: text / 1e6 / (ms / 1000), aps: fullStats.files / (ms / 1000) });
    const cpuOf = (xs: (number | undefined)[]) => {
      const v = xs.filter((x): x is number => x !== undefined);
      return v.length ? f1(median(v) / 1000) : '?';
    };
    const rows: string[][] = [['what', 'input', 'wall s (median ±half range)', 'CPU s', 'MB/s', 'M chars/s', 'M text chars/s', 'articles/s', 'peak RSS MB']];
    const q: Record<number, { wall: ReturnType<typeof stat>; rss: number | undefined }> = {};
    const qShm: Record<number, { wall: ReturnType<typeof stat>; rss: number | undefined }> = {};
    for (const [runsOf, into, label] of [[runs, q, ''], ...(shm ? [[shmRuns, qShm, ', output on tmpfs'] as const] : [])] as const) for (const w of args.workers) {
      const rs = runsOf.get(w)!;
      const wall = stat(rs.map((r) => r.wallMs));
      const rssVals = rs.map((r) => r.peakRssMb).filter((v): v is number => v !== undefined);
      const rss = rssVals.length ? median(rssVals) : undefined;
      into[w] = { wall, rss };
      const p = per(wall.median);
      rows.push([
        `qingxi, ${w} worker${w > 1 ? 's' : ''} (all stages${label})`,
        'corpus files',
        `${f2(wall.median / 1000)} ${pct(wall.spread)}`,
        cpuOf(rs.map((r) => r.cpuMs)),
        f2(p.mbs),
        f2(p.mchars),
        f2(p.mcs),
        f1(p.aps),
        rss === undefined ? '?' : f1(rss),
      ]);
    }
    /** The baseline rows over one input, and the medians the ratios need. */
    const baselineRows = (b: Baselines, input: 'corpus files' | 'article text') => {
      const files = input === 'corpus files';
      const speed = (ms: number): [string, string, string] =>
        files ? [f2(fullStats.bytes / 1e6 / (ms / 1000)), f2(fullStats.chars / 1e6 / (ms / 1000)), ''] : ['', '', f2(text / 1e6 / (ms / 1000))];
      const jw = stat(b.jieba.map((r) => r.wallMs));
      const jc = stat(b.jieba.map((r) => r.cutMs));
      const jl = stat(b.jieba.map((r) => r.loadMs));
      rows.push([`nodejieba cut alone: cut only`, input, `${f2(jc.median / 1000)} ${pct(jc.spread)}`, '', ...speed(jc.median), '', '']);
      rows.push([`nodejieba cut alone: process (load ${f1(jl.median / 1000)} s)`, input, `${f2(jw.median / 1000)} ${pct(jw.spread)}`, cpuOf(b.jieba.map((r) => r.cpuMs)), ...speed(jw.median), '', '']);
      let shellWall: ReturnType<typeof stat> | undefined;
      if ('runs' in b.shell) {
        shellWall = stat(b.shell.runs.map((r) => r.wallMs));
        rows.push(['opencc -c t2s.json | python3 -m jieba -d " "', input, `${f2(shellWall.median / 1000)} ${pct(shellWall.spread)}`, cpuOf(b.shell.runs.map((r) => r.cpuMs)), ...speed(shellWall.median), '', '']);
      }
      return { cut: jc.median, proc: jw.median, shell: shellWall?.median };
    };
    const baseFiles = baselineRows(overFiles, 'corpus files');
    const baseText = baselineRows(overText, 'article text');
    log();
    table(rows);
    if (skipped) log(`shell pipeline skipped: ${skipped}`);
    log(`(load average at the end: ${os.loadavg().map(f1).join(' ')} on ${os.availableParallelism()} cores; with a load above the core count, wall times are contended)`);

    // Ratios against the targets.
    log();
    const ratios: string[][] = [['target', 'measured', 'target', 'met']];
    const qw1 = q[w1]!.wall.median;
    for (const [input, b, strict] of [['the corpus files', baseFiles, false], ['the article text alone', baseText, true]] as const) {
      const t = (x: string) => (strict ? `(${x})` : x);
      const cutRatio = b.cut / qw1;
      const procRatio = b.proc / qw1;
      ratios.push([`1 worker vs nodejieba cut alone (cut time only), over ${input}`, `${f2(cutRatio)}×`, t('≥ 0.6×'), cutRatio >= 0.6 ? 'yes' : 'NO']);
      ratios.push([`1 worker vs nodejieba process (load + cut), over ${input}`, `${f2(procRatio)}×`, '(≥ 0.6×)', procRatio >= 0.6 ? 'yes' : 'NO']);
      if (b.shell !== undefined) {
        for (const w of args.workers) {
          const r = b.shell / q[w]!.wall.median;
          ratios.push([`${w} worker${w > 1 ? 's' : ''} vs opencc | python jieba, over ${input}`, `${f2(r)}×`, t('≥ 4×'), r >= 4 ? 'yes' : 'NO']);
        }
      }
    }
    if (args.workers.length > 1) {
      const r = qw1 / q[wMax]!.wall.median;
      ratios.push([`${wMax} workers vs 1 worker`, `${f2(r)}×`, '≥ 1.5×', r >= 1.5 ? 'yes' : 'NO']);
      if (shm) {
        const rs = qShm[w1]!.wall.median / qShm[wMax]!.wall.median;
        ratios.push([`  the same, output on tmpfs (no disk cost of creating files)`, `${f2(rs)}×`, '(≥ 1.5×)', rs >= 1.5 ? 'yes' : 'NO']);
      }
      if (ceiling) {
        ratios.push([`  this machine, ${wMax} threads vs 1: qingxi's HTML parse (JavaScript), first pass (V8 still compiling)`, `${f2(ceiling.html.first.ratio)}×`, '(ceiling)', '']);
        ratios.push([`  this machine, ${wMax} threads vs 1: qingxi's HTML parse (JavaScript), third pass (optimised)`, `${f2(ceiling.html.warm.ratio)}×`, '(ceiling)', '']);
        ratios.push([`  this machine, ${wMax} threads vs 1: nodejieba cut (native)`, `${f2(ceiling.cut.warm.ratio)}×`, '(ceiling)', '']);
      }
    }
    const rssFull = q[wMax]!.rss;
    if (rssFull !== undefined && quarterRun.peakRssMb !== undefined) {
      const r = rssFull / quarterRun.peakRssMb;
      ratios.push([`peak RSS 4× corpus / 1× corpus (${wMax} workers)`, `${f1(rssFull)} / ${f1(quarterRun.peakRssMb)} MB = ${f2(r)}×`, 'well under 4× (< 2×)', r < 2 ? 'yes' : 'NO']);
    }
    table(ratios);

    // Time per stage.
    log();
    log(`time per stage (profiled ${w1}-worker run, ${f1(summary.timeMs / 1000)} s): stage timers (worker time summed over articles)`);
    const stageTotal = Object.values(stageMs).reduce((a, b) => a + b, 0);
    const srows: string[][] = [['stage', 'ms', 'share of stage time']];
    for (const [name, names] of GROUPS) {
      const ms = sumStage(stageMs, names);
      srows.push([`${name}: ${names.filter((n) => stageMs[n] !== undefined).map((n) => `${n} ${Math.round(stageMs[n]!)}`).join(', ')}`, String(Math.round(ms)), `${((100 * ms) / stageTotal).toFixed(1)}%`]);
    }
    const other = Object.keys(stageMs).filter((k) => !GROUPS.some(([, ns]) => ns.includes(k)));
    if (other.length) srows.push([`other: ${other.join(', ')}`, String(Math.round(sumStage(stageMs, other))), '']);
    table(srows);
    log(`phases (wall ms): ${Object.entries(phaseMs).map(([k, v]) => `${k} ${Math.round(v)}`).join(', ')}`);
    log('  survey = read + decode + template keys; prepare = read + decode + stages up to convert + prepared record +');
    log('  term statistics + term discovery; segment = segment stage + article files; corpus = glossary, corpus.jsonl, report');
    log();
    log(`where the time goes, from the CPU profiles of the same run (${profile.threads} threads; samples charged to the nearest source file):`);
    const cats = [...new Set([...profile.main.keys(), ...profile.workers.keys()])];
    const tot = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    const busy = (m: Map<string, number>) => tot(m) - (m.get('idle or waiting for work') ?? 0);
    cats.sort((a, b) => (profile.workers.get(b) ?? 0) + (profile.main.get(b) ?? 0) - ((profile.workers.get(a) ?? 0) + (profile.main.get(a) ?? 0)));
    const prow: string[][] = [['part', 'worker ms', 'worker share of busy', 'main thread ms', 'main share of busy']];
    for (const c of cats) {
      const w = profile.workers.get(c) ?? 0;
      const m = profile.main.get(c) ?? 0;
      const idle = c === 'idle or waiting for work';
      prow.push([c, String(Math.round(w)), idle ? '' : `${((100 * w) / busy(profile.workers)).toFixed(1)}%`, String(Math.round(m)), idle ? '' : `${((100 * m) / busy(profile.main)).toFixed(1)}%`]);
    }
    table(prow);

    // Start-up and memory.
    log();
    const filesPerRun = runs.get(w1)![0]!.files;
    const cost = (c: { cpuUs: number; wallUs: number }) => `${Math.round(c.cpuUs)} µs of CPU, ${Math.round(c.wallUs)} µs wall`;
    log(
      `file system: a run creates ${filesPerRun} files (article outputs, corpus outputs and the store); creating one (a temporary ` +
        `file, then a rename) costs ${cost(createCost.before)} in ${tmp} before the runs, ${cost(createCost.here)} after them` +
        (createCost.tmpfs ? `, ${cost(createCost.tmpfs)} on tmpfs` : ''),
    );
    const perRunS = (c: { cpuUs: number }) => f1((filesPerRun * c.cpuUs) / 1e6);
    log(`  (${filesPerRun} files: ${perRunS(createCost.before)} s of CPU per run on this file system before the runs, ${perRunS(createCost.here)} s after them)`);
    const timedOnDisk = args.runs * args.workers.length;
    const kept = [...runs.values()].flat().filter((r) => r.kept).length;
    log(
      `  the timed runs' outputs in ${tmp} stayed until the end: ${kept} of ${timedOnDisk}` +
        (kept < timedOnDisk ? ' (the others were removed after their run: too little room left on the disk)' : '') +
        ' (a folder of files removed just before a run makes its files dearer to create on ext4 without a journal)',
    );
    log(`start-up: qingxi --version ${f2(median(versionMs) / 1000)} s; a one-article run (1 worker) ${f2(median(oneMs) / 1000)} s`);
    log(`peak RSS: quarter corpus ${quarterRun.peakRssMb === undefined ? '?' : f1(quarterRun.peakRssMb)} MB, full corpus ${rssFull === undefined ? '?' : f1(rssFull)} MB (${wMax} workers)`);
    if (dict.default && dict.qingxi) {
      const tr = dict.textrank ? `nodejieba.load() with its TextRank extractor built ${f1(dict.textrank.deltaMb)} MB in ${f2(dict.textrank.loadMs / 1000)} s; ` : '';
      log(
        `dictionary memory per worker: ${tr}nodejieba.load() defaults ${f1(dict.default.deltaMb)} MB in ${f2(dict.default.loadMs / 1000)} s; ` +
          `qingxi's Segmenter ${f1(dict.qingxi.deltaMb)} MB in ${f2(dict.qingxi.loadMs / 1000)} s`,
      );
      log('  (qingxi patches nodejieba to build its TextRank extractor, a second copy of the dictionary trie, on first use');
      log('  only, and passes one-line IDF and stop-word tables; the rest is the dictionary trie and the HMM model)');
    }
    /** Each worker count's measurements, run by run, for the JSON report. */
    const runsJson = (of: Map<number, QingxiRun[]>) =>
      Object.fromEntries(args.workers.map((w) => [w, { wallMs: of.get(w)!.map((r) => r.wallMs), cpuMs: of.get(w)!.map((r) => r.cpuMs), peakRssMb: of.get(w)!.map((r) => r.peakRssMb) }]));
    Object.assign(result, {
      qingxi: runsJson(runs),
      ...(shm ? { qingxiTmpfs: runsJson(shmRuns) } : {}),
      files: { perRun: filesPerRun, createCost, keptOutputs: kept },
      quarterRun: { workers: wMax, wallMs: quarterRun.wallMs, peakRssMb: quarterRun.peakRssMb },
      stageMs,
      phaseMs,
      profile: { main: Object.fromEntries(profile.main), workers: Object.fromEntries(profile.workers) },
      baselines: { corpusFiles: overFiles, articleText: overText },
      parallelCeiling: ceiling,
      dictionary: dict,
    });
    if (args.json) {
      writeFileSync(args.json, `${JSON.stringify(result, null, 1)}\n`);
      log(`\nJSON: ${args.json}`);
    }
  } finally {
    if (args.keep) log(`kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
