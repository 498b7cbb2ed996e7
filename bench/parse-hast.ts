/**
 * The parse stage's hast conversion (src/stages/parse5-hast.ts) against hast-util-from-parse5, the library it
 * mirrors, on every HTML page under a folder: each page is parsed once (as the parse stage parses it), then
 * converted by both, alternately page by page, so that both run under the same machine load. Checks that the two
 * trees are the same (JSON, keys in order) and prints the time of each, per pass (median of the passes).
 *
 *   node dist/bench/parse-hast.js <folder of .html pages> [--passes 5]
 * Exits 1 if any tree differs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fromParse5 } from 'hast-util-from-parse5';
import { VFile } from 'vfile';
import { decode } from '../src/io/decode.js';
import { hastFromParse5 } from '../src/stages/parse5-hast.js';
import { parseInRuns } from '../src/stages/parse5-runs.js';
import { textLocationsOnly } from '../src/stages/text-locations.js';

/** The .html and .htm files under `dir`; when it has none, every file (the daniel-zh pages have no extension). */
function htmlFiles(dir: string): string[] {
  const out: string[] = [];
  const all: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else (/\.html?$/.test(e.name) ? out : all).push(p);
    }
  };
  walk(dir);
  return out.length ? out : all;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const dir = process.argv[2];
const passesAt = process.argv.indexOf('--passes');
const passes = passesAt > 0 ? Number(process.argv[passesAt + 1]) : 5;
if (!dir || !(passes > 0)) {
  process.stderr.write('usage: node dist/bench/parse-hast.js <folder of .html pages> [--passes 5]\n');
  process.exit(2);
}
const pages = htmlFiles(dir).map((f) => decode(readFileSync(f), { html: true }).text);
const docs = pages.map((html) => parseInRuns(html, { sourceCodeLocationInfo: true, scriptingEnabled: false, treeAdapter: textLocationsOnly }, { elementLocations: false }));
let differ = 0;
docs.forEach((doc, i) => {
  if (JSON.stringify(hastFromParse5(doc, new VFile(pages[i]))) !== JSON.stringify(fromParse5(doc, { file: new VFile(pages[i]) }))) differ++;
});
const lib: number[] = [];
const ours: number[] = [];
for (let p = 0; p < passes; p++) {
  let a = 0;
  let b = 0;
  docs.forEach((doc, i) => {
    // (Which goes first alternates, page by page and pass by pass.)
    const first = (i + p) % 2 === 0;
    for (const which of first ? [0, 1] : [1, 0]) {
      const file = new VFile(pages[i]);
      const t = performance.now();
      if (which === 0) fromParse5(doc, { file });
      else hastFromParse5(doc, file);
      if (which === 0) a += performance.now() - t;
      else b += performance.now() - t;
    }
  });
  lib.push(a);
  ours.push(b);
}
const chars = pages.reduce((n, s) => n + s.length, 0);
const ms = (x: number) => `${x.toFixed(0)} ms`;
process.stdout.write(
  `${pages.length} pages, ${(chars / 1e6).toFixed(1)} M characters; trees differing: ${differ}\n` +
    `hast-util-from-parse5 ${ms(median(lib))}, parse5-hast ${ms(median(ours))} per pass (median of ${passes}): ` +
    `${(median(ours) / median(lib)).toFixed(2)}× the time\n`,
);
process.exit(differ ? 1 : 0);
