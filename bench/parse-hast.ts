/**
 * The parse stage's hast conversion (src/stages/parse5-hast.ts) against hast-util-from-parse5, the library it
 * mirrors, on every HTML page under a folder: each page is parsed once (as the parse stage parses it), then
 * converted by both, alternately page by page, so that both run under the same machine load. Checks that the two
 * trees are the same (JSON, keys in order) and prints the time of each, per pass (median of the passes).
 *
 *   node dist/bench/parse-hast.js <folder of .html pages> [--passes 5]
 * Exits 1 if any tree differs.
 */
import { readFileSync } from 'node:fs';
import { fromParse5 } from 'hast-util-from-parse5';
import type { DefaultTreeAdapterMap } from 'parse5';
import { VFile } from 'vfile';
import { decode } from '../src/io/decode.js';
import { parse5Document } from '../src/stages/parse-html.js';
import { hastFromParse5 } from '../src/stages/parse5-hast.js';
import { sortedFiles } from './walk.js';

/** The .html and .htm files under `dir`; when it has none, every file (the daniel-zh pages have no extension). */
function htmlFiles(dir: string): string[] {
  const html = sortedFiles(dir, (name) => /\.html?$/.test(name));
  return html.length ? html : sortedFiles(dir);
}

type Document = DefaultTreeAdapterMap['document'];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const dir = process.argv[2];
const passesAt = process.argv.indexOf('--passes');
const passes = passesAt > 0 ? Number(process.argv[passesAt + 1]) : 5;
if (!dir || !(passes > 0)) {
  process.stderr.write('usage: node dist/bench/parse-hast.js <folder of .html pages> [--passes 5]\n');
  process.exit(2);
}
const pages = htmlFiles(dir).map((f) => decode(readFileSync(f), { html: true }).text);
const docs = pages.map(parse5Document);
let differ = 0;
docs.forEach((doc, i) => {
  if (JSON.stringify(hastFromParse5(doc, new VFile(pages[i]))) !== JSON.stringify(fromParse5(doc, { file: new VFile(pages[i]) }))) differ++;
});
/** The two conversions timed: the library's, then this module's. */
const convert = [(doc: Document, file: VFile) => fromParse5(doc, { file }), (doc: Document, file: VFile) => hastFromParse5(doc, file)];
const lib: number[] = [];
const ours: number[] = [];
for (let p = 0; p < passes; p++) {
  const total = [0, 0];
  docs.forEach((doc, i) => {
    // (Which goes first alternates, page by page and pass by pass.)
    for (const k of (i + p) % 2 === 0 ? [0, 1] : [1, 0]) {
      const file = new VFile(pages[i]);
      const t = performance.now();
      convert[k]!(doc, file);
      total[k] += performance.now() - t;
    }
  });
  lib.push(total[0]!);
  ours.push(total[1]!);
}
const chars = pages.reduce((n, s) => n + s.length, 0);
const ms = (x: number) => `${x.toFixed(0)} ms`;
process.stdout.write(
  `${pages.length} pages, ${(chars / 1e6).toFixed(1)} M characters; trees differing: ${differ}\n` +
    `hast-util-from-parse5 ${ms(median(lib))}, parse5-hast ${ms(median(ours))} per pass (median of ${passes}): ` +
    `${(median(ours) / median(lib)).toFixed(2)}× the time\n`,
);
process.exit(differ ? 1 : 0);
