import path from 'node:path';

/**
 * The store file of the glossary TBX's concepts (src/glossary/write.ts) for an engine (`root`: the store's folder).
 * Apart from the writers: the main thread names it without loading them.
 */
export function tbxConceptsFile(root: string, engine: string): string {
  return path.join(root, 'tbx', `${engine}.bin`);
}
