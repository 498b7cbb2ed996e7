import type { Store } from '../cache/store.js';

/**
 * The store file of the glossary TBX's concepts (src/glossary/write.ts) for an engine. Apart from the writers: the
 * main thread names it without loading them.
 */
export function tbxConceptsFile(store: Store, engine: string): string {
  return store.file('tbx', `${engine}.bin`);
}
