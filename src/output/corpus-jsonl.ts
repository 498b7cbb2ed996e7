import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { cmp } from '../cache/hash.js';
import { readJsonSync, readTextSync, Store } from '../cache/store.js';
import { readMarkerSync } from '../pipeline/marker.js';
import { writeChunksAtomicSync } from '../io/atomic.js';
import { articlePaths } from './article-files.js';

/** One line of output/corpus.jsonl before its text is read: the article's id and metadata. */
export interface CorpusLine {
  id: string;
  /** (When absent, read from the article's marker in the store if the line is built again.) */
  meta?: unknown;
  /** The key of the article's result (its text and metadata are a function of it). */
  segKey: string;
}

/** The ids and result keys of the lines of a corpus.jsonl, in file order (saved beside it for the next run). */
export type CorpusKeys = [id: string, segKey: string][];

/**
 * The lines of the corpus.jsonl a previous run wrote, read in step with the new lines (both are in id order): `take`
 * gives the old line of an article whose result key has not changed, as bytes (a view valid until the next call).
 * Read in blocks, never decoded: a re-run copies most lines as they are.
 */
class PreviousLines {
  private readonly fd: number;
  private buf = Buffer.allocUnsafe(1 << 20);
  /** The unread bytes are buf[start, end). */
  private start = 0;
  private end = 0;
  private eof = false;
  private k = 0;

  constructor(
    file: string,
    private readonly keys: CorpusKeys,
  ) {
    this.fd = openSync(file, 'r');
  }

  /** The next line, without its newline (undefined at the end of the file). */
  private next(): Buffer | undefined {
    this.k++;
    for (let from = this.start; ; ) {
      const nl = this.buf.indexOf(10, from);
      if (nl !== -1 && nl < this.end) {
        const line = this.buf.subarray(this.start, nl);
        this.start = nl + 1;
        return line;
      }
      if (this.eof) return undefined;
      // Keep the partial line at the front (in a larger buffer if it fills this one), then read on.
      const have = this.end - this.start;
      const into = have > this.buf.length / 2 ? Buffer.allocUnsafe(this.buf.length * 2) : this.buf;
      this.buf.copy(into, 0, this.start, this.end);
      this.buf = into;
      this.start = 0;
      this.end = have;
      from = have;
      const n = readSync(this.fd, this.buf, have, this.buf.length - have, null);
      if (n === 0) this.eof = true;
      this.end += n;
    }
  }

  take(id: string, segKey: string): Buffer | undefined {
    while (this.k < this.keys.length && cmp(this.keys[this.k]![0], id) < 0) if (this.next() === undefined) this.k = this.keys.length;
    if (this.k >= this.keys.length || this.keys[this.k]![0] !== id) return undefined;
    const same = this.keys[this.k]![1] === segKey;
    const line = this.next();
    if (!same || line === undefined) return undefined;
    // (A line that does not start with its id is not the line the keys describe: the file was changed.)
    const head = Buffer.from(`{"id":${JSON.stringify(id)},`);
    return line.length > head.length && line.subarray(0, head.length).equals(head) ? line : undefined;
  }

  done(): void {
    closeSync(this.fd);
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
export function writeCorpusJsonl(out: string, lines: readonly CorpusLine[], storeRoot: string, previousKeys?: string): void {
  const file = path.join(out, 'corpus.jsonl');
  const keys = previousKeys !== undefined && existsSync(file) ? readJsonSync<CorpusKeys>(previousKeys) : undefined;
  const previous = keys ? new PreviousLines(file, keys) : undefined;
  try {
    writeChunksAtomicSync(file, (write) => {
      for (const { id, meta, segKey } of lines) {
        const old = previous?.take(id, segKey);
        if (old !== undefined) {
          write(old);
          write(NEWLINE);
          continue;
        }
        const txt = articlePaths(out, id).txt;
        const text = readTextSync(txt);
        if (text === undefined) throw new Error(`${txt} is missing: remove ${storeRoot} and run again`);
        write(`${JSON.stringify({ id, text, meta: meta !== undefined ? meta : storedMeta(out, id, storeRoot) })}\n`);
      }
    });
  } finally {
    previous?.done();
  }
}

const NEWLINE = Buffer.from('\n');

/** An article's corpus.jsonl metadata from its marker in the store (the done index keeps markers without it). */
function storedMeta(out: string, id: string, storeRoot: string): unknown {
  const file = new Store(out).done(id);
  const meta = readMarkerSync(file)?.marker.jsonlMeta;
  if (meta === undefined) throw new Error(`${file} is missing or holds no metadata: remove ${storeRoot} and run again`);
  return meta;
}
