/**
 * Build a benchmark corpus from the command line:
 *   node dist/bench/build-corpus.js <dir> [--mb 20 | --articles 2000] [--seed 1] [--html-share 0.5] [--trad-share 0.25]
 * <dir> should be outside the repository (e.g. under /tmp).
 */
import { buildBenchCorpus, type BenchCorpusOptions } from './corpus.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
}

const dir = process.argv[2];
if (!dir || dir.startsWith('--')) {
  process.stderr.write('usage: node dist/bench/build-corpus.js <dir> [--mb 20 | --articles N] [--seed 1] [--html-share 0.5] [--trad-share 0.25] [--text-out file]\n');
  process.exit(2);
}
const opts: BenchCorpusOptions = {};
const mb = arg('mb');
if (mb !== undefined) opts.targetBytes = Number(mb) * 1024 * 1024;
const articles = arg('articles');
if (articles !== undefined) opts.articles = Number(articles);
const seed = arg('seed');
if (seed !== undefined) opts.seed = Number(seed);
const html = arg('html-share');
if (html !== undefined) opts.htmlShare = Number(html);
const trad = arg('trad-share');
if (trad !== undefined) opts.traditionalShare = Number(trad);
const textOut = arg('text-out');
if (textOut !== undefined) opts.textOut = textOut;
const t0 = performance.now();
const stats = await buildBenchCorpus(dir, opts);
process.stdout.write(`${JSON.stringify({ dir, ...stats, ms: Math.round(performance.now() - t0) })}\n`);
