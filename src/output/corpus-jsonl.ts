import path from 'node:path';
import { readTextSync } from '../cache/store.js';
import { streamFileAtomic } from '../io/atomic.js';
import { articlePaths } from './article-files.js';

/** One line of output/corpus.jsonl before its text is read: the article's id and metadata. */
export interface CorpusLine {
  id: string;
  meta: unknown;
}

/**
 * output/corpus.jsonl: one `{id, text, meta}` line per article, in the order given, each text read from the
 * article's output/articles/<id>.txt (synchronous reads of small files: no thread-pool round trips). Written
 * atomically. `storeRoot` is named in the error when a text is missing.
 */
export async function writeCorpusJsonl(out: string, lines: readonly CorpusLine[], storeRoot: string): Promise<void> {
  await streamFileAtomic(path.join(out, 'corpus.jsonl'), async (write) => {
    for (const { id, meta } of lines) {
      const file = articlePaths(out, id).txt;
      const text = readTextSync(file);
      if (text === undefined) throw new Error(`${file} is missing: remove ${storeRoot} and run again`);
      await write(`${JSON.stringify({ id, text, meta })}\n`);
    }
  });
}
