#!/usr/bin/env node
import { statSync } from 'node:fs';

// The CLI's bundle (scripts/bundle.mjs, made by `npm run build`) loads in a fraction of the time its ~120 modules
// take one by one; the modules are loaded when the bundle is missing or older than them (tsc ran after it), or
// when QINGXI_MODULES=1 asks for them.
const built = new URL('../dist/src/cli.js', import.meta.url);
const bundle = new URL('../dist/src/cli.bundle.js', import.meta.url);
function useBundle() {
  if (process.env.QINGXI_MODULES === '1') return false;
  try {
    return statSync(bundle).mtimeMs >= statSync(built).mtimeMs;
  } catch {
    return false;
  }
}
const { main } = await import(useBundle() ? bundle.href : built.href);

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`qingxi: internal error: ${e && e.stack ? e.stack : e}\n`);
    process.exitCode = 70;
  },
);
