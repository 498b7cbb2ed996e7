import { readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A cache shared by every run of this user, whatever its output folder: files that depend only on qingxi's code
 * and its installed dependencies (not on a corpus or a configuration), such as the sorted copy of jieba's
 * dictionary that term discovery loads (glossary/background.ts). `QINGXI_CACHE_DIR` names the folder (empty: no
 * shared cache); else `$XDG_CACHE_HOME/qingxi`, else `~/.cache/qingxi`. Everything in it can be deleted at any
 * time: a missing or damaged file is computed again.
 */
export function userCacheDir(): string | undefined {
  const env = process.env.QINGXI_CACHE_DIR;
  if (env !== undefined) return env === '' ? undefined : path.resolve(env);
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'qingxi');
}

/** The shared cache's file `<name>-<key><ext>` (undefined without a shared cache). */
export function userCacheFile(name: string, key: string, ext: string): string | undefined {
  const dir = userCacheDir();
  return dir === undefined ? undefined : path.join(dir, `${name}-${key}${ext}`);
}

/**
 * Remove the other builds' copies of `file` (`<name>-<other key><ext>` beside it): each rebuild of qingxi has a
 * new key, and only the current one is read. Best effort.
 */
export function pruneUserCache(file: string): void {
  const dir = path.dirname(file);
  const base = path.basename(file);
  const dash = base.lastIndexOf('-');
  const ext = path.extname(base);
  if (dash <= 0) return;
  const prefix = base.slice(0, dash + 1);
  try {
    for (const n of readdirSync(dir)) {
      if (n !== base && n.startsWith(prefix) && n.endsWith(ext) && !n.startsWith('.')) rmSync(path.join(dir, n), { force: true });
    }
  } catch {
    /* no folder, or not ours to clean: leave it */
  }
}
