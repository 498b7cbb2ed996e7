import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The qingxi package folder (works from src/ under vitest and from dist/src/ when built). */
export const PACKAGE_ROOT: string = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'qingxi') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('qingxi: cannot find its package.json');
    dir = up;
  }
})();

/** qingxi's version, from package.json (part of every cache key: a new version redoes every article). */
export const VERSION: string = (
  JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;
