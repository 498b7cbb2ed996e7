import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { cmp } from '../cache/hash.js';
import { readJsonSync, readTextSync } from '../cache/store.js';
import { streamFileAtomic } from '../io/atomic.js';
import { articlePaths } from './article-files.js';

/** One line of output/corpus.jsonl before its text is read: the article's id and metadata. */
export interface CorpusLine {
  id: string;
  meta: unknown;
  /** The key of the article's result (its text and metadata are a function of it). */
  segKey: string;
}

/** The ids and result keys of the lines of a corpus.jsonl, in file order (saved beside it for the next run). */
export type CorpusKeys = [id: string, segKey: string][];

/**
 * The lines of the corpus.jsonl a previous run wrote, read as a stream in step with the new lines (both are in id
 * order): `take` gives the old line of an article whose result key has not changed.
 */
class PreviousLines {
  private readonly lines: AsyncIterator<string>;
  private readonly close: () => void;
  private k = 0;

  constructor(
    file: string,
    private readonly keys: CorpusKeys,
  ) {
    const input = createReadStream(file, { encoding: 'utf8' });
    const rl = createInterface({ input, crlfDelay: Infinity });
    this.lines = rl[Symbol.asyncIterator]();
    this.close = () => {
      rl.close();
      input.destroy();
    };
  }

  private async next(): Promise<string | undefined> {
    this.k++;
    const r = await this.lines.next();
    return r.done ? undefined : r.value;
  }

  async take(id: string, segKey: string): Promise<string | undefined> {
    while (this.k < this.keys.length && cmp(this.keys[this.k]![0], id) < 0) if ((await this.next()) === undefined) this.k = this.keys.length;
    if (this.k >= this.keys.length || this.keys[this.k]![0] !== id) return undefined;
    const same = this.keys[this.k]![1] === segKey;
    const line = await this.next();
    // (A line that does not start with its id is not the line the keys describe: the file was changed.)
    return same && line !== undefined && line.startsWith(`{"id":${JSON.stringify(id)},`) ? line : undefined;
  }

  done(): void {
    this.close();
  }
}

/**
 * output/corpus.jsonl: one `{id, text, meta}` line per article, in the order given, each text read from the
 * article's output/articles/<id>.txt (synchronous reads of small files: no thread-pool round trips). Written
 * atomically. `storeRoot` is named in the error when a text is missing.
 *
 * `previousKeys` names a file holding the CorpusKeys of the corpus.jsonl now in `out`: the lines of articles whose
 * result key is unchanged are copied from it instead of being built again from their text files (a re-run that
 * changed a few articles of a large corpus rewrites the file without reading every article's text).
 */
export async function writeCorpusJsonl(out: string, lines: readonly CorpusLine[], storeRoot: string, previousKeys?: string): Promise<void> {
  const file = path.join(out, 'corpus.jsonl');
  const keys = previousKeys !== undefined && existsSync(file) ? readJsonSync<CorpusKeys>(previousKeys) : undefined;
  const previous = keys ? new PreviousLines(file, keys) : undefined;
  try {
    await streamFileAtomic(file, async (write) => {
      for (const { id, meta, segKey } of lines) {
        const old = await previous?.take(id, segKey);
        if (old !== undefined) {
          await write(`${old}\n`);
          continue;
        }
        const txt = articlePaths(out, id).txt;
        const text = readTextSync(txt);
        if (text === undefined) throw new Error(`${txt} is missing: remove ${storeRoot} and run again`);
        await write(`${JSON.stringify({ id, text, meta })}\n`);
      }
    });
  } finally {
    previous?.done();
  }
}
