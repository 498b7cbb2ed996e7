import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { LoadedConfig } from '../config/load.js';
import { isBundle } from '../bundles.js';
import { PACKAGE_ROOT } from '../version.js';
import { cmp, hashOf } from './hash.js';

let code: string | undefined;

/**
 * A fingerprint of the code that computes articles: every compiled module under dist/src (what the worker threads
 * run, or bundle), the versions of the installed runtime dependencies and of esbuild (which made the bundles), and
 * the patches applied to them (patches/). A rebuilt qingxi with any change in its code, or an upgraded or
 * re-patched opencc-js or nodejieba, therefore never reuses results computed by another build.
 */
export function codeFingerprint(fresh = false): string {
  if (code !== undefined && !fresh) return code;
  const parts: string[] = [];
  const dist = path.join(PACKAGE_ROOT, 'dist', 'src');
  if (existsSync(dist)) {
    const files = readdirSync(dist, { recursive: true, withFileTypes: true })
      // (Not the bundles, scripts/bundle.mjs: they are made from these modules and the dependencies counted below.)
      .filter((e) => e.isFile() && e.name.endsWith('.js') && !isBundle(e.name))
      .map((e) => path.join(e.parentPath, e.name))
      .sort(cmp);
    for (const f of files) parts.push(path.relative(dist, f), hashOf(readFileSync(f)));
  }
  const pkg = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  // (esbuild: the bundler that made the bundles the threads run.)
  for (const name of [...Object.keys(pkg.dependencies ?? {}), 'esbuild'].sort(cmp)) {
    const p = path.join(PACKAGE_ROOT, 'node_modules', name, 'package.json');
    let version = 'absent';
    try {
      version = (JSON.parse(readFileSync(p, 'utf8')) as { version?: string }).version ?? 'unknown';
    } catch {
      /* not installed where we look: keep "absent" */
    }
    parts.push(name, version);
  }
  // Patches applied to dependencies at install (patch-package): a changed patch is changed code.
  const patches = path.join(PACKAGE_ROOT, 'patches');
  if (existsSync(patches)) {
    for (const f of readdirSync(patches).filter((n) => n.endsWith('.patch')).sort(cmp)) parts.push(f, hashOf(readFileSync(path.join(patches, f))));
  }
  code = hashOf('code', ...parts);
  return code;
}

/**
 * The engine key: everything besides an article's own content and the corpus-wide inputs that can change its
 * output (qingxi's version, configuration and data files through the configuration hash, and the code).
 */
export function engineKey(cfg: LoadedConfig): string {
  return hashOf('engine/1', cfg.hash, codeFingerprint());
}
