/**
 * Run the pipeline the way the CLI does (same `runPipeline`, same worker pool) and print its summary as JSON,
 * stage and phase timings included: the bench's fallback for the time-per-stage breakdown when report.json does
 * not carry it.
 *   node dist/bench/stage-run.js <corpus> <out> <concurrency>
 */
import { runPipeline } from '../src/pipeline/run.js';
import { tuneV8 } from '../src/v8-tuning.js';

// (V8's flags as the CLI sets them: src/v8-tuning.ts.)
tuneV8();

const [corpus, out, conc] = process.argv.slice(2);
if (!corpus || !out) {
  process.stderr.write('usage: node dist/bench/stage-run.js <corpus> <out> [concurrency]\n');
  process.exit(2);
}
const s = await runPipeline({ corpus, out, concurrency: conc ? Number(conc) : undefined });
const { failures: _f, ...rest } = s;
process.stdout.write(`${JSON.stringify(rest)}\n`);
