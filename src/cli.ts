import { Command, CommanderError, InvalidArgumentError } from 'commander';
import cliProgress from 'cli-progress';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from './config/loaded.js';
import { IncompleteError, runPipeline, type RunSummary } from './pipeline/run.js';
import { parseShard, type Shard } from './cache/shard.js';
import { VERSION } from './version.js';

/** Exit codes: 0 all well, 1 some article failed (the others were written), 2 usage or configuration error. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

class UsageError extends Error {}

/** Worker threads: each loads its own dictionaries, so thousands would exhaust memory long before they helped. */
const MAX_THREADS = 256;

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > MAX_THREADS) throw new InvalidArgumentError(`must be a whole number from 1 to ${MAX_THREADS}`);
  return n;
}

/** An integer with thousands separators (1,234,567). Not toLocaleString: its first call loads ICU's number formats, 20 ms. */
function fmt(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}

/** Warnings printed after the summary at most; the rest are in report.json. */
const MAX_WARNINGS_SHOWN = 20;

/** Every article's warnings (already prefixed with the file), from the report the run just wrote. */
function reportWarnings(out: string): string[] {
  try {
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as { articles?: { warnings?: unknown }[] };
    return (report.articles ?? []).flatMap((a) => (Array.isArray(a.warnings) ? a.warnings.map(String) : []));
  } catch {
    return [];
  }
}

export function printSummary(s: RunSummary, log: (line: string) => void, warnings: readonly string[] = []): void {
  log(`qingxi: ${fmt(s.articles)} articles from ${fmt(s.files)} files in ${(s.timeMs / 1000).toFixed(1)} s`);
  log(`  characters in ${fmt(s.charsIn)}, out ${fmt(s.charsOut)}; lines removed ${fmt(s.linesRemoved)}`);
  log(`  sentences ${fmt(s.sentences)}, tokens ${fmt(s.tokens)}, warnings ${fmt(s.warnings)}; ${fmt(s.termsAdded)} corpus terms added to the segmenter`);
  for (const w of warnings.slice(0, MAX_WARNINGS_SHOWN)) log(`  warning ${w}`);
  if (warnings.length > MAX_WARNINGS_SHOWN) log(`  ... and ${warnings.length - MAX_WARNINGS_SHOWN} more warnings in report.json`);
  const w = s.work;
  log(
    `  ${s.mode}: ${fmt(w.prepared)} article(s) cleaned, ${fmt(w.segmented)} segmented and written, ${fmt(w.segmentedReused)} left as they were` +
      `${w.removed ? `, ${fmt(w.removed)} removed` : ''}${w.corpusOutputs.length ? `; rewrote ${w.corpusOutputs.join(', ')}` : ''}`,
  );
  if (s.skipped) log(`  skipped ${s.skipped} file(s) that are not articles`);
  for (const f of s.failures) {
    const skipped = f.reason.startsWith('skipped:');
    const reason = skipped ? f.reason.slice('skipped:'.length).trim() : f.reason;
    log(`  ${skipped ? 'skipped' : 'FAILED'} ${f.path}${f.line !== undefined ? `:${f.line}` : ''}: ${reason}`);
  }
  if (s.failed) log(`qingxi: ${s.failed} article(s) failed; all others were written`);
}

const PHASES: Record<string, string> = { survey: '1/3 survey', prepare: '2/3 clean', segment: '3/3 segment' };

/** A progress bar per phase on a terminal; otherwise a plain line every tenth of a phase (or every 10 s). */
function progressReporter(): { onProgress: (d: number, t: number, what: string) => void; stop: () => void } {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream: process.stderr, format: 'qingxi {phase} {bar} {value}/{total}', hideCursor: true, clearOnComplete: true },
      cliProgress.Presets.shades_classic,
    );
    let phase = '';
    return {
      onProgress: (d, t, what) => {
        if (what !== phase) {
          if (phase) bar.stop();
          phase = what;
          bar.start(t, 0, { phase: PHASES[what] ?? what });
        }
        bar.update(d);
      },
      stop: () => {
        if (phase) bar.stop();
      },
    };
  }
  let phase = '';
  let last = 0;
  let lastTime = Date.now();
  return {
    onProgress: (d, t, what) => {
      if (what !== phase) {
        phase = what;
        last = 0;
      }
      const step = Math.max(1, Math.ceil(t / 10));
      if (d === t || d - last >= step || Date.now() - lastTime > 10000) {
        process.stderr.write(`qingxi: ${PHASES[what] ?? what} ${d}/${t}\n`);
        last = d;
        lastTime = Date.now();
      }
    },
    stop: () => {},
  };
}

function isDir(p: string): boolean {
  return existsSync(p) && statSync(p).isDirectory();
}

/** Usage errors in the folders given, reported before anything is read or written. */
function checkFolders(o: { corpus: string; out: string; pipeline?: string }): void {
  if (!isDir(o.corpus)) throw new UsageError(`corpus folder not found: ${o.corpus}`);
  if (existsSync(o.out) && !statSync(o.out).isDirectory()) throw new UsageError(`output folder is a file, not a folder: ${o.out}`);
  if (o.pipeline !== undefined && !isDir(o.pipeline)) throw new UsageError(`configuration folder not found: ${o.pipeline}`);
  // Outputs inside the corpus would be read back as articles by the next run (hidden folders are not read).
  const rel = path.relative(path.resolve(o.corpus), path.resolve(o.out));
  const inside = rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
  if (inside && !rel.split(path.sep).some((seg) => seg.startsWith('.'))) {
    throw new UsageError(`output folder ${o.out} is inside the corpus folder ${o.corpus}: the next run would read its files as articles`);
  }
}

/** Print a run's summary (with the warnings of the report it wrote, if any) and set the exit code. */
function report(summary: RunSummary, out: string | undefined): void {
  printSummary(summary, (l) => process.stderr.write(`${l}\n`), out === undefined ? [] : reportWarnings(out));
  process.exitCode = summary.failed ? EXIT.failed : EXIT.ok;
}

/** The CLI; `argv` (the arguments to parse) tells which commands' modules to load. */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command();
  program
    .name('qingxi')
    .description('Clean scraped Chinese web articles into research-grade text.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command('run', { isDefault: true })
    .description('clean every article of a corpus folder into an output folder')
    .option('--corpus <dir>', 'corpus folder (.txt, .html, .htm, .md, .jsonl)', 'corpus')
    .option('--out <dir>', 'output folder', 'output')
    .option('--concurrency <n>', 'worker threads (default: number of cores)', positiveInt)
    .option('--pipeline <dir>', 'configuration folder (default: ./pipeline)')
    .option('--shard <I/N>', 'process only shard I of N (0-based, by article-id hash); then `qingxi merge` (docs/scaling.md)')
    .option('--prepare-only', 'stop after cleaning (a sharded run\'s first pass: every shard, before any segments)')
    .action(async (o: { corpus: string; out: string; concurrency?: number; pipeline?: string; shard?: string; prepareOnly?: boolean }) => {
      checkFolders(o);
      let shard: Shard | undefined;
      try {
        shard = o.shard === undefined ? undefined : parseShard(o.shard);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      const progress = progressReporter();
      let summary: RunSummary;
      try {
        summary = await runPipeline({ corpus: o.corpus, out: o.out, concurrency: o.concurrency, pipelineDir: o.pipeline, onProgress: progress.onProgress, shard, prepareOnly: o.prepareOnly });
      } finally {
        progress.stop();
      }
      report(summary, shard || o.prepareOnly ? undefined : o.out);
    });

  // The other commands' modules load only when another command (or help) is asked for: `add` loads the HTML
  // parser and the converters, which a run's main thread does not use (its threads do).
  if (argv[0] !== 'run') {
    const [{ mergeCommand }, { addCommand }, { explainCli }] = await Promise.all([import('./commands/merge.js'), import('./commands/add.js'), import('./commands/explain.js')]);
    program.addCommand(mergeCommand({ checkFolders, progressReporter, report: (s, out) => report(s, out), positiveInt }));
    program.addCommand(addCommand());
    program.addCommand(explainCli());
  }

  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = await buildProgram(argv);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof UsageError || e instanceof ConfigError || e instanceof IncompleteError) {
      process.stderr.write(`qingxi: ${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
}
