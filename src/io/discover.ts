import { readdir } from 'node:fs/promises';
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

/** Every file under `dir`, recursively, sorted by path (code-unit order), hidden files and sidecars left out. */
export async function discover(dir: string): Promise<CorpusFile[]> {
  const out: CorpusFile[] = [];
  async function walk(sub: string): Promise<void> {
    const entries = await readdir(path.join(dir, sub), { withFileTypes: true });
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const rel = sub ? `${sub}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(rel);
      else if (e.isFile() && !isSidecar(rel)) out.push({ rel, abs: path.join(dir, rel), format: formatOf(e.name) });
    }
  }
  await walk('');
  out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return out;
}
