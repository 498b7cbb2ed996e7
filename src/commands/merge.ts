import { Command } from 'commander';
import type { RunOptions, RunSummary } from '../pipeline/run.js';
import { runPipeline } from '../pipeline/run.js';

/** What the merge command borrows from the CLI (kept there so `run` and `merge` report alike). */
export interface CliParts {
  checkFolders: (o: { corpus: string; out: string; pipeline?: string }) => void;
  progressReporter: () => { onProgress: NonNullable<RunOptions['onProgress']>; stop: () => void };
  report: (summary: RunSummary, out: string) => void;
  positiveInt: (v: string) => number;
}

/**
 * `qingxi merge`: after every shard has run (`qingxi run --shard I/N`, see docs/scaling.md), write the
 * corpus-wide outputs (corpus.jsonl, glossary, report) from the shards' stored per-article results. Processes no
 * article: if a shard has not finished, it says which articles are missing and exits with code 2. The outputs
 * are byte-identical to those of one plain `qingxi run`.
 */
export function mergeCommand(cli: CliParts): Command {
  return new Command('merge')
    .description('combine the results of sharded runs (qingxi run --shard I/N) into the corpus-wide outputs')
    .option('--corpus <dir>', 'corpus folder the shards ran on', 'corpus')
    .option('--out <dir>', 'output folder the shards wrote to', 'output')
    .option('--concurrency <n>', 'worker threads for decoding changed files (default: number of cores)', cli.positiveInt)
    .option('--pipeline <dir>', 'configuration folder (default: ./pipeline)')
    .action(async (o: { corpus: string; out: string; concurrency?: number; pipeline?: string }) => {
      cli.checkFolders(o);
      const progress = cli.progressReporter();
      let summary: RunSummary;
      try {
        summary = await runPipeline({ corpus: o.corpus, out: o.out, concurrency: o.concurrency, pipelineDir: o.pipeline, onProgress: progress.onProgress, merge: true });
      } finally {
        progress.stop();
      }
      cli.report(summary, o.out);
    });
}
