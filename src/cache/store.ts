import { existsSync, readFileSync, rmSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';

/**
 * qingxi's state: plain files under `<out>/.qingxi/`, written atomically, most of them content-addressed (named by
 * the hash of everything that determines them), so any number of runs and shards can share the folder, also on
 * network storage, without locks: two writers of one key write the same bytes.
 *
 *   survey.json                 corpus files by stat -> their articles (ids, sites, content keys)
 *   config/<k>.json             the validated configuration, by pipeline.json's bytes and the code (config/cached.ts)
 *   keys/<k>.json               an article's line keys (template-line statistics)
 *   knowledge/<k>.json          the corpus knowledge (template lines) computed from a set of articles
 *   templates/<engine>.json     the line counts behind the last knowledge (updated by the articles that changed)
 *   prep/<docKey>.json          an article's prepared variants: the knowledge lookups each depended on
 *   prepared/<prepKey>.prep     the prepared record (every stage up to `convert`) after its Simplified text for
 *                               term matching, in one file (src/pipeline/prepared.ts)
 *   texts/<engine>.bin          the match texts of the prepared articles in one file (cache/texts.ts), for re-matching
 *   terms/<k>.json              term discovery over a set of prepared articles
 *   discovery/<engine>.bin      the n-gram counts behind the last term discovery (updated by the articles that
 *                               changed; see TermDiscovery.toBuffer)
 *   background/<engine>.bin     jieba's general dictionary, sorted, for term discovery (glossary/background.ts)
 *   termlists/<termsHash>.json  the words a run added to the segmenter
 *   done/<id>.json              per article: which result its output files hold (written after them), on its
 *                               first line; after it the article's glossary evidence (src/pipeline/marker.ts)
 *   outputs.json                which state the corpus-wide outputs hold
 *   dedup.json                  `qingxi add`'s duplicate index
 *   last-run.json               timings and counts of the last run (not an output)
 *
 * A full run writes four files per article here (keys, prep, prepared, done) beside its three output files.
 * (keys/ and prep/, both per docKey, stay apart: the survey writes keys/ whenever it reads a file again, any shard
 * may, while prep/ is read-modify-written by the one task preparing the article; one file would make the survey a
 * read-modify-write racing the prepare pass of another shard.)
 */
export class Store {
  readonly root: string;

  constructor(readonly out: string) {
    this.root = path.join(out, '.qingxi');
  }

  /**
   * A content-addressed file: `<kind>/<key[0]>/<key><suffix>`. Sixteen folders per kind: a first run creates every
   * folder it writes into, and on the development machine's disk a folder takes 0.3-2 ms to create (with 256 per
   * kind, a first run of 616 articles made 1,508 folders; now 858, most of them the outputs' own, which mirror the
   * corpus). 100,000 articles still make folders of about 6,000 files, which ext4 and xfs index.
   */
  keyed(kind: string, key: string, suffix = '.json'): string {
    return path.join(this.root, kind, key.slice(0, 1), `${key}${suffix}`);
  }

  /** A small file directly under the store (e.g. `knowledge/<k>.json`). */
  file(...parts: string[]): string {
    return path.join(this.root, ...parts);
  }

  /** The marker of an article's outputs. */
  done(id: string): string {
    return path.join(this.root, 'done', `${id}.json`);
  }
}

function missing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** JSON text parsed, or undefined when it is not valid JSON (a torn file is a cache miss). */
function parseJson<T>(text: string | undefined): T | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** A file's bytes; undefined when it does not exist. */
export function readBytesSync(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch (e) {
    if (missing(e)) return undefined;
    throw e;
  }
}

/** A file's bytes; undefined when it does not exist. */
export async function readBytes(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (e) {
    if (missing(e)) return undefined;
    throw e;
  }
}

/** A file's text (UTF-8); undefined when it does not exist. */
export function readTextSync(file: string): string | undefined {
  return readBytesSync(file)?.toString('utf8');
}

/** A file's text (UTF-8); undefined when it does not exist. */
export async function readText(file: string): Promise<string | undefined> {
  return (await readBytes(file))?.toString('utf8');
}

/** Read a JSON file; undefined when it does not exist or is not valid JSON (a torn file is a cache miss). */
export function readJsonSync<T>(file: string): T | undefined {
  return parseJson<T>(readTextSync(file));
}

/** Read a JSON file; undefined when it does not exist or is not valid JSON. */
export async function readJson<T>(file: string): Promise<T | undefined> {
  return parseJson<T>(await readText(file));
}

export async function writeJson(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(value));
}

export async function remove(file: string): Promise<void> {
  await rm(file, { force: true });
}

export function removeSync(file: string): void {
  rmSync(file, { force: true });
}

export { existsSync };

/**
 * Map `items` through `fn` with at most `limit` promises in flight, keeping the order (file reads of the main
 * thread: enough in flight to keep the disk busy, few enough not to hold the whole corpus in memory).
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

/**
 * Visit `items` in order with reads running ahead: `load` for up to `ahead` items at a time, `use` strictly in
 * order (for reductions whose result may depend on the order, such as term discovery).
 */
export async function inOrder<T, V>(items: readonly T[], ahead: number, load: (item: T) => Promise<V>, use: (value: V, item: T, i: number) => void): Promise<void> {
  type Settled = { ok: true; v: V } | { ok: false; e: unknown };
  // Settled promises: a read failing while an earlier one is awaited must not be an unhandled rejection.
  const pending: Promise<Settled>[] = [];
  let started = 0;
  const start = () => {
    while (started < items.length && pending.length < ahead) {
      pending.push(load(items[started++]!).then((v): Settled => ({ ok: true, v }), (e: unknown): Settled => ({ ok: false, e })));
    }
  };
  start();
  for (let i = 0; i < items.length; i++) {
    const r = await pending.shift()!;
    if (!r.ok) throw r.e;
    start();
    use(r.v, items[i]!, i);
  }
}
