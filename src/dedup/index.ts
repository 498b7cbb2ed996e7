import { stat } from 'node:fs/promises';
import { sha256 } from '../io/read.js';
import { discover } from '../io/discover.js';
import { readCorpusFile } from '../io/read.js';
import { mapLimit, readJson, Store, writeJson } from '../cache/store.js';
import { cmp } from '../cache/hash.js';
import { decodeSignature, encodeSignature, minhash, similarity } from './minhash.js';
import { normalizeForDedup, visibleText } from './normalize.js';

export { normalizeForDedup, visibleText } from './normalize.js';

/** Estimated Jaccard similarity from which an article is a near duplicate. */
export const NEAR_DUPLICATE = 0.8;

/** What an article is compared by. */
export interface Fingerprint {
  /** sha256 of the normalised text (equal: an exact duplicate). */
  exact: string;
  /** MinHash signature of the normalised text's 5-grams. */
  sig: Uint32Array;
  /** Characters of normalised text. */
  chars: number;
}

export function fingerprint(content: string, html: boolean): Fingerprint {
  const norm = normalizeForDedup(visibleText(content, html));
  return { exact: sha256(norm), sig: minhash(norm), chars: norm.length };
}

type StatSig = [number, number, number, number];

interface IndexedDoc {
  id: string;
  exact: string;
  sig: string;
}

interface IndexedFile {
  st: StatSig;
  docs: IndexedDoc[];
}

interface IndexData {
  version: 1;
  files: Record<string, IndexedFile>;
}

export interface Match {
  id: string;
  similarity: number;
}

async function statSig(file: string): Promise<StatSig | null> {
  try {
    const s = await stat(file);
    return [s.size, s.mtimeMs, s.ctimeMs, s.ino];
  } catch {
    return null;
  }
}

/**
 * The duplicate index of a corpus, kept in the store (`<out>/.qingxi/dedup.json`): per corpus file (known by its
 * size and times), the fingerprints of its articles. Bringing it up to date reads only the files that changed,
 * so adding one article to a large corpus does not read the corpus.
 */
export class DedupIndex {
  private readonly exact = new Map<string, string>();
  private docs: { id: string; sig: Uint32Array }[] = [];

  private constructor(
    private readonly file: string,
    private readonly data: IndexData,
  ) {
    this.rebuild();
  }

  static async load(store: Store): Promise<DedupIndex> {
    const file = store.file('dedup.json');
    const data = await readJson<IndexData>(file);
    return new DedupIndex(file, data?.version === 1 ? data : { version: 1, files: {} });
  }

  private rebuild(): void {
    this.exact.clear();
    this.docs = [];
    for (const rel of Object.keys(this.data.files).sort(cmp)) {
      for (const d of this.data.files[rel]!.docs) {
        if (!this.exact.has(d.exact)) this.exact.set(d.exact, d.id);
        this.docs.push({ id: d.id, sig: decodeSignature(d.sig) });
      }
    }
  }

  /** Index the corpus files that are new or changed since the index was saved; forget removed ones. */
  async refresh(corpus: string): Promise<number> {
    const files = await discover(corpus);
    const sigs = await mapLimit(files, 64, (f) => statSig(f.abs));
    const present = new Set(files.map((f) => f.rel));
    let changed = 0;
    for (const rel of Object.keys(this.data.files)) {
      if (!present.has(rel)) {
        delete this.data.files[rel];
        changed++;
      }
    }
    for (let i = 0; i < files.length; i++) {
      const f = files[i]!;
      const st = sigs[i];
      const old = this.data.files[f.rel];
      if (!st || !f.format) continue;
      if (old && old.st.every((x, k) => x === st[k])) continue;
      const { docs } = await readCorpusFile(f);
      this.data.files[f.rel] = {
        st,
        docs: docs.map((d) => {
          const fp = fingerprint(d.content, d.html);
          return { id: d.id, exact: fp.exact, sig: encodeSignature(fp.sig) };
        }),
      };
      changed++;
    }
    if (changed) this.rebuild();
    return changed;
  }

  /** The article with the same normalised text, if any. */
  exactMatch(fp: Fingerprint): string | undefined {
    return this.exact.get(fp.exact);
  }

  /** The most similar article at or above `threshold` (ties: the smaller id). */
  nearest(fp: Fingerprint, threshold = NEAR_DUPLICATE): Match | undefined {
    let best: Match | undefined;
    for (const d of this.docs) {
      const s = similarity(fp.sig, d.sig);
      if (s < threshold) continue;
      if (!best || s > best.similarity || (s === best.similarity && cmp(d.id, best.id) < 0)) best = { id: d.id, similarity: s };
    }
    return best;
  }

  /** Record an article just written to the corpus. */
  async addFile(rel: string, abs: string, id: string, fp: Fingerprint): Promise<void> {
    const st = await statSig(abs);
    if (!st) return;
    this.data.files[rel] = { st, docs: [{ id, exact: fp.exact, sig: encodeSignature(fp.sig) }] };
    if (!this.exact.has(fp.exact)) this.exact.set(fp.exact, id);
    this.docs.push({ id, sig: fp.sig });
  }

  async save(): Promise<void> {
    await writeJson(this.file, this.data);
  }
}
