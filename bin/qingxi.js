#!/usr/bin/env node
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadable } from '../dist/src/bundles.js';
import { tuneV8 } from '../dist/src/v8-tuning.js';

// Before any thread starts: V8's tiering for a run's broad, short-lived code (src/v8-tuning.ts).
tuneV8();

// The CLI's bundle (scripts/bundle.mjs, made by `npm run build`) loads in a fraction of the time its ~120 modules
// take one by one; src/bundles.ts says when the modules are loaded instead.
const cli = loadable(fileURLToPath(new URL('../dist/src/cli.js', import.meta.url)));
const { main } = await import(pathToFileURL(cli).href);

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`qingxi: internal error: ${e && e.stack ? e.stack : e}\n`);
    process.exitCode = 70;
  },
);
