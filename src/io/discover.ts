import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { SourceFormat } from '../types.js';

export interface CorpusFile {
  /** Path under the corpus folder, forward slashes. */
  rel: string;
  abs: string;
  format: SourceFormat | undefined;
}

const FORMATS: Record<string, SourceFormat> = {
  '.txt': 'txt',
  '.text': 'txt',
  '.md': 'md',
  '.markdown': 'md',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
};

/** Files qingxi keeps beside articles (metadata sidecars), never read as articles. */
export function isSidecar(rel: string): boolean {
  return rel.endsWith('.meta.json');
}

export function formatOf(file: string): SourceFormat | undefined {
  return FORMATS[path.extname(file).toLowerCase()];
}

/**
 * Every file under `dir`, recursively, sorted by path (code-unit order), hidden files and sidecars left out.
 * Symbolic links are followed (a corpus assembled from links is common); a link back to a folder it is in is not
 * followed again, and a dangling link is listed so that reading it reports the problem.
 */
export async function discover(dir: string): Promise<CorpusFile[]> {
  const out: CorpusFile[] = [];
  async function walk(sub: string, ancestors: readonly string[]): Promise<void> {
    const abs = path.join(dir, sub);
    const real = await realpath(abs);
    if (ancestors.includes(real)) return;
    const chain = [...ancestors, real];
    const entries = await readdir(abs, { withFileTypes: true });
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const rel = sub ? `${sub}/${e.name}` : e.name;
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const st = await stat(path.join(dir, rel));
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          isFile = true;
        }
      }
      if (isDir) await walk(rel, chain);
      else if (isFile && !isSidecar(rel)) out.push({ rel, abs: path.join(dir, rel), format: formatOf(e.name) });
    }
  }
  await walk('', []);
  out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return out;
}
