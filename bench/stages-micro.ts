/**
 * Micro benchmark of the stages before segmentation, in one thread, with no files written:
 *   node dist/bench/stages-micro.js [--pages N] [--passes N] [--daniel DIR] [--pipeline DIR] [--json]
 *
 * Documents, all read in place (nothing is copied into the repository):
 * - the sample corpus (`corpus/`, plain-text dumps), read as the run reads files (`readCorpusFile`);
 * - N DAnIEL news pages (`../shared/datasets/daniel-zh/html`) as HTML, read the same way;
 * - the same N pages as plain-text dumps of their text content (as `bench/corpus.ts` writes them), every fourth
 *   one converted to Traditional (opencc-js `cn` -> `tw`), as the bench corpus has them.
 *
 * The processors are built as a worker builds them for the prepare phase (`createProcessors` without `segment`,
 * corpus knowledge from the documents' template keys, looked up through a `KnowledgeTracker`), and every pass
 * runs `processArticle` over every document. Printed: the median over the passes of each stage's ms (the
 * record's `stats.stageMs`), of reading (decode) and of the survey's template keys, the total for the articles
 * (wall clock, and the CPU time of the process, less disturbed by other work on a shared machine), and a sha256 of
 * the serialized records (timings left out), so that a change can be shown to leave the outputs byte-identical.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import * as OpenCC from 'opencc-js';
import { loadConfig } from '../src/config/load.js';
import { templateKeys } from '../src/chrome/template.js';
import { discover, type CorpusFile } from '../src/io/discover.js';
import { readCorpusFile } from '../src/io/read.js';
import { processArticle } from '../src/pipeline/article.js';
import { deserializeKnowledge, KnowledgeTracker, serializeKnowledge, TemplateCounter, trackedKnowledge } from '../src/pipeline/knowledge.js';
import { createProcessors } from '../src/pipeline/processor.js';
import { defaultPipelineDir } from '../src/pipeline/run.js';
import { siteOf, type StageContext } from '../src/stages/context.js';
import type { ArticleRecord, SourceDoc } from '../src/types.js';
import { PACKAGE_ROOT } from '../src/version.js';
import { danielHtmlDir, htmlTextDump } from './corpus.js';
import { median } from './stats.js';

interface Options {
  pages: number;
  passes: number;
  daniel: string;
  pipeline: string;
  json: boolean;
}

function options(argv: string[]): Options {
  const o: Options = { pages: 80, passes: 5, daniel: danielHtmlDir(), pipeline: defaultPipelineDir(), json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--pages' && v) (o.pages = Number(v)), i++;
    else if (a === '--passes' && v) (o.passes = Number(v)), i++;
    else if (a === '--daniel' && v) (o.daniel = v), i++;
    else if (a === '--pipeline' && v) (o.pipeline = v), i++;
    else if (a === '--json') o.json = true;
    else throw new Error(`stages-micro: unknown argument ${a}`);
  }
  return o;
}

/** The corpus files read each pass: the sample corpus and the first `pages` DAnIEL pages (evenly spread). */
async function corpusFiles(o: Options): Promise<CorpusFile[]> {
  const files = await discover(path.join(PACKAGE_ROOT, 'corpus'));
  const names = readdirSync(o.daniel).sort();
  const step = Math.max(1, Math.floor(names.length / Math.max(1, o.pages)));
  for (let i = 0; i < names.length && files.length < o.pages + 4; i += step) {
    const f = names[i]!;
    // 20111209_china.huanqiu.com_<hash>: the host is the site (the article's folder, for template detection).
    const parts = f.split('_');
    const rel = `html/${parts[1] ?? 'daniel'}/${parts[0]}-${(parts[parts.length - 1] ?? f).slice(0, 12)}.html`;
    files.push({ rel, abs: path.join(o.daniel, f), format: 'html' });
  }
  return files;
}

async function readAll(files: CorpusFile[]): Promise<SourceDoc[]> {
  const docs: SourceDoc[] = [];
  for (const f of files) {
    const r = await readCorpusFile(f);
    for (const fail of r.failures) process.stderr.write(`stages-micro: ${fail.path}: ${fail.reason}\n`);
    docs.push(...r.docs);
  }
  return docs;
}

/** The HTML pages again as text dumps, every fourth in Traditional. */
function textDumps(html: SourceDoc[]): SourceDoc[] {
  const toTw = OpenCC.Converter({ from: 'cn', to: 'tw' });
  return html.map((d, i) => {
    const text = htmlTextDump(d.content);
    const id = d.id.replace(/^html\//, 'dump/');
    return { ...d, id, path: `${id}.txt`, format: 'txt', html: false, content: i % 4 === 3 ? toTw(text) : text, warnings: [] };
  });
}

/** A record without its timings: what must stay byte-identical. */
function timeless(rec: ArticleRecord): unknown {
  const { timeMs: _t, stageMs: _s, ...stats } = rec.stats;
  return { ...rec, stats };
}

const o = options(process.argv.slice(2));
const config = loadConfig(o.pipeline);
const files = await corpusFiles(o);
const read = await readAll(files);
const docs = [...read, ...textDumps(read.filter((d) => d.html))];

// Corpus knowledge as the run computes it (template keys per site), handed to the stages as a worker does.
const counter = new TemplateCounter();
docs.forEach((d, i) => counter.add(siteOf(d), templateKeys(d), String(i)));
const knowledge = serializeKnowledge(counter.knowledge(config.config.chrome.templateMinArticles));
const tracker = new KnowledgeTracker();
const ctx: StageContext = { config, corpus: trackedKnowledge(deserializeKnowledge(knowledge), tracker) };
const procs = createProcessors(ctx, ['segment']);

const perPass: Record<string, number>[] = [];
let hash: string | undefined;
for (let pass = 0; pass < o.passes; pass++) {
  const ms: Record<string, number> = {};
  const add = (k: string, v: number) => (ms[k] = (ms[k] ?? 0) + v);
  let t = performance.now();
  await readAll(files);
  add('read', performance.now() - t);
  t = performance.now();
  for (const d of docs) templateKeys(d);
  add('survey', performance.now() - t);
  const h = createHash('sha256');
  t = performance.now();
  const cpu = process.cpuUsage();
  for (const d of docs) {
    tracker.begin();
    const rec = processArticle(d, procs);
    tracker.end();
    for (const [k, v] of Object.entries(rec.stats.stageMs)) add(k, v);
    h.update(JSON.stringify(timeless(rec)));
    h.update('\n');
  }
  add('articles', performance.now() - t);
  const used = process.cpuUsage(cpu);
  add('articles cpu', (used.user + used.system) / 1000);
  const digest = h.digest('hex');
  if (hash !== undefined && digest !== hash) throw new Error(`stages-micro: pass ${pass} gave different records (${digest} vs ${hash})`);
  hash = digest;
  perPass.push(ms);
}

const keys = [...new Set(perPass.flatMap((m) => Object.keys(m)))];
const result = Object.fromEntries(keys.map((k) => [k, Math.round(median(perPass.map((m) => m[k] ?? 0)) * 10) / 10]));
const summary = {
  docs: docs.length,
  html: docs.filter((d) => d.html).length,
  chars: docs.reduce((n, d) => n + d.content.length, 0),
  passes: o.passes,
  hash,
  medianMs: result,
};
if (o.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
else {
  process.stdout.write(`${summary.docs} documents (${summary.html} HTML), ${summary.chars} characters, ${o.passes} passes\n`);
  process.stdout.write(`records sha256 ${hash}\n`);
  process.stdout.write('median ms per pass:\n');
  for (const k of keys) process.stdout.write(`  ${k.padEnd(14)} ${result[k]!.toFixed(1).padStart(9)}\n`);
}
