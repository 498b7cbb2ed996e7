import { statSync } from 'node:fs';

// scripts/bundle.mjs bundles some compiled modules (dist/src/cli.js, dist/src/pipeline/worker.js), each with what
// it imports, into a file beside it, `x.js` -> `x.bundle.js`, and chunks of what they load on demand or share
// (dist/src/chunks/*.bundle.js).

/** Whether a file name is a bundle's or a bundle chunk's. */
export const isBundle = (name: string): boolean => name.endsWith('.bundle.js');

/**
 * The file to load for the compiled module `modulePath`: its bundle, which loads in a fraction of the time, unless
 * the bundle is missing or older than the module (tsc ran after it was made), or QINGXI_MODULES=1 asks for the
 * modules (CPU profiles then name each sample's source file).
 */
export function loadable(modulePath: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.QINGXI_MODULES === '1') return modulePath;
  const bundle = modulePath.replace(/\.js$/, '.bundle.js');
  try {
    if (statSync(bundle).mtimeMs >= statSync(modulePath).mtimeMs) return bundle;
  } catch {
    // (no bundle: the module)
  }
  return modulePath;
}
