import { readdirSync } from 'node:fs';
import path from 'node:path';

/** The files under `dir` whose names `keep` accepts, folder by folder in name order (the same list on every machine). */
export function sortedFiles(dir: string, keep: (name: string) => boolean = () => true): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (keep(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}
