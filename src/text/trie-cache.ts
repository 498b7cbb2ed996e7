import { readFileSync } from 'node:fs';
import { hashOf } from '../cache/hash.js';
import { pruneUserCache, userCacheFile } from '../cache/user-cache.js';
import { packColumns, unpackColumns, type ColumnType } from '../glossary/packed.js';
import { writeChunksAtomicSync } from '../io/atomic.js';
import type { TrieParts } from './opencc-flat.js';

/**
 * Built conversion tries (src/text/opencc-flat.ts) kept in the user's shared cache (src/cache/user-cache.ts), so
 * that a thread loads a trie instead of building it: building the Simplified-to-Traditional trie from opencc-js's
 * dictionaries (400,000 characters of phrases) took 100-140 ms, and garbage collection after it, in every thread
 * that detects scripts; loading it takes 8-10 ms (one file read, and the checks of `new FlatTrie`).
 *
 * A trie's file is named by its dictionaries: `opencc-<which>-<content>.bin`, `content` a hash of the dictionaries
 * and of this format, `which` a hash of their beginnings (the same trie after an opencc-js upgrade), under which a
 * newly written file removes the older ones. A missing, damaged or foreign file is built again.
 */

/** The layout of the columns; a change to it, or to how FlatTrie builds and reads its arrays, needs a new number. */
const FORMAT = 1;
const COLUMNS: ColumnType[] = ['i32', 'i32', 'i32', 'i32', 'u8', 'u8', 'u16'];

/**
 * The cache file of the trie of a group of dictionaries (`group`, the dictionaries as opencc-js strings), or
 * undefined without a shared cache. (Named once per group: the name hashes all of its dictionaries.)
 */
export function trieFile(group: readonly string[]): string | undefined {
  const which = hashOf('opencc trie', ...group.map((d) => d.slice(0, 64))).slice(0, 12);
  return userCacheFile(`opencc-${which}`, hashOf('opencc trie', String(FORMAT), ...group).slice(0, 32), '.bin');
}

/** The arrays of a trie saved in `file` before, or undefined (no file, or not readable as one). */
export function loadTrie(file: string): TrieParts | undefined {
  try {
    const { columns } = unpackColumns(readFileSync(file), FORMAT, COLUMNS);
    const [first, edges, valOff, valLen, changes, inner, pool] = columns;
    return { first, edges, valOff, valLen, changes, inner, pool } as TrieParts;
  } catch {
    return undefined;
  }
}

/** Save the arrays of a trie to `file` for later threads and runs. Best effort: a failure only means a rebuild. */
export function saveTrie(file: string, parts: TrieParts): void {
  try {
    const { first, edges, valOff, valLen, changes, inner, pool } = parts;
    const buf = packColumns(null, FORMAT, [first, edges, valOff, valLen, changes, inner, pool]);
    writeChunksAtomicSync(file, (write) => write(buf));
    pruneUserCache(file);
  } catch {
    /* a read-only or full disk: the next thread builds the trie again */
  }
}
