import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUILT = path.join(ROOT, 'dist', 'src', 'cli.js');

/** Newest modification time of the TypeScript sources the build compiles (src, eval, bench) and its config. */
function newestSource(): number {
  let newest = statSync(path.join(ROOT, 'tsconfig.json')).mtimeMs;
  for (const dir of ['src', 'eval', 'bench']) {
    const abs = path.join(ROOT, dir);
    if (!existsSync(abs)) continue;
    for (const e of readdirSync(abs, { recursive: true, withFileTypes: true })) {
      if (e.isFile() && e.name.endsWith('.ts')) newest = Math.max(newest, statSync(path.join(e.parentPath, e.name)).mtimeMs);
    }
  }
  return newest;
}

/**
 * Tests that need worker threads run the built CLI (`node bin/qingxi.js`). `npm test` builds first; a bare
 * `npx vitest run` builds here (tsc, then the bundles) when dist/ is missing or older than a source file.
 */
export default function setup(): void {
  if (existsSync(BUILT) && statSync(BUILT).mtimeMs >= newestSource()) return;
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'pipe' });
  } catch (e) {
    // tsc still writes JavaScript when it reports type errors; say so and let the tests judge the build.
    const out = (e as { stdout?: Buffer }).stdout?.toString() ?? String(e);
    process.stderr.write(`tests/global-setup: tsc reported errors (dist/ was still written):\n${out}\n`);
  }
  if (!existsSync(BUILT)) throw new Error(`tests/global-setup: the build did not produce ${BUILT}`);
  // The bundles of the CLI and of the worker threads, as `npm run build` makes them after tsc (without them, the
  // modules are loaded).
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'bundle.mjs')], { cwd: ROOT, stdio: 'pipe' });
}
