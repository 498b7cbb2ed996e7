import { Command, CommanderError, InvalidArgumentError } from 'commander';
import cliProgress from 'cli-progress';
import { existsSync, statSync } from 'node:fs';
import { ConfigError } from './config/load.js';
import { runPipeline, type RunSummary } from './pipeline/run.js';
import { VERSION } from './version.js';

/** Exit codes: 0 all well, 1 some article failed (the others were written), 2 usage or configuration error. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

class UsageError extends Error {}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number of at least 1');
  return n;
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

export function printSummary(s: RunSummary, log: (line: string) => void): void {
  log(`qingxi: ${fmt(s.articles)} articles from ${fmt(s.files)} files in ${(s.timeMs / 1000).toFixed(1)} s`);
  log(`  characters in ${fmt(s.charsIn)}, out ${fmt(s.charsOut)}; lines removed ${fmt(s.linesRemoved)}`);
  log(`  sentences ${fmt(s.sentences)}, tokens ${fmt(s.tokens)}, warnings ${fmt(s.warnings)}; ${fmt(s.termsAdded)} corpus terms added to the segmenter`);
  if (s.skipped) log(`  skipped ${s.skipped} file(s) that are not articles`);
  for (const f of s.failures) log(`  ${f.reason.startsWith('skipped:') ? 'skipped' : 'FAILED'} ${f.path}${f.line !== undefined ? `:${f.line}` : ''}: ${f.reason}`);
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

export function buildProgram(): Command {
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
    .action(async (o: { corpus: string; out: string; concurrency?: number; pipeline?: string }) => {
      if (!existsSync(o.corpus) || !statSync(o.corpus).isDirectory()) throw new UsageError(`corpus folder not found: ${o.corpus}`);
      const progress = progressReporter();
      let summary: RunSummary;
      try {
        summary = await runPipeline({ corpus: o.corpus, out: o.out, concurrency: o.concurrency, pipelineDir: o.pipeline, onProgress: progress.onProgress });
      } finally {
        progress.stop();
      }
      printSummary(summary, (l) => process.stderr.write(`${l}\n`));
      process.exitCode = summary.failed ? EXIT.failed : EXIT.ok;
    });

  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof UsageError || e instanceof ConfigError) {
      process.stderr.write(`qingxi: ${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
}
