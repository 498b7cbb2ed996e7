import { Command, InvalidArgumentError } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { articlePaths } from '../output/article-files.js';
import type { ArticleRecord } from '../types.js';

/** One line or block of the article as the chrome and metadata stages decided it. */
export interface Decision {
  start: number;
  end: number;
  kept: boolean;
  /** Rule that removed it, or why it was kept (body, title, byline, no-body). */
  rule: string;
  /** Score or detail, as recorded. */
  detail: string;
  text: string;
}

type KeptEntry = [number, number, number, string];

function keptEntries(rec: ArticleRecord): KeptEntry[] {
  const chrome = rec.meta.chrome as { kept?: unknown } | undefined;
  return Array.isArray(chrome?.kept) ? (chrome.kept as KeptEntry[]) : [];
}

/**
 * Every line or block of an article in source order: the removed ones with their rule and detail, the kept ones with
 * their score and the reason they were kept (text rebuilt from the sentences that lie in their span). When the record
 * has no chrome decisions (the stage did not run), the kept paragraphs are listed without scores.
 */
export function decisions(rec: ArticleRecord): Decision[] {
  const out: Decision[] = rec.removed.map((r) => ({ start: r.start, end: r.end, kept: false, rule: r.rule, detail: r.detail ?? '', text: r.text }));
  const sentences = rec.paragraphs.flatMap((p) => p.sentences);
  const removedAt = (s: number, e: number) => rec.removed.some((r) => r.start <= s && r.end >= e && !(r.detail ?? '').startsWith('part'));
  const kept = keptEntries(rec);
  if (kept.length > 0) {
    for (const [start, end, score, reason] of kept) {
      if (removedAt(start, end)) continue;
      const text = sentences
        .filter((s) => s.start >= start && s.end <= end)
        .map((s) => s.original)
        .join('');
      out.push({ start, end, kept: true, rule: reason, detail: `score ${Number(score).toFixed(2)}`, text });
    }
  } else {
    for (const p of rec.paragraphs) {
      const first = p.sentences[0];
      const last = p.sentences[p.sentences.length - 1];
      if (!first || !last) continue;
      out.push({ start: first.start, end: last.end, kept: true, rule: p.kind, detail: '', text: p.sentences.map((s) => s.original).join('') });
    }
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

function clip(s: string, n: number): string {
  const t = s.replace(/\s+/g, ' ');
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
}

/** The report `qingxi explain` prints. */
export function explainText(rec: ArticleRecord, opts: { width?: number; onlyRemoved?: boolean } = {}): string {
  const width = opts.width ?? 80;
  const all = decisions(rec);
  const ds = all.filter((d) => !opts.onlyRemoved || !d.kept);
  const meta = rec.meta;
  const lines: string[] = [];
  lines.push(`${rec.id}  (${rec.source.path}, ${rec.source.format})`);
  for (const k of ['title', 'author', 'source', 'published'] as const) if (typeof meta[k] === 'string') lines.push(`  ${k}: ${meta[k]}`);
  const body = (meta.chrome as { body?: { start: number; end: number } | null } | undefined)?.body;
  if (body) lines.push(`  main body: offsets ${body.start}-${body.end}`);
  else if (meta.chrome) lines.push('  main body: none found');
  const keptN = all.filter((d) => d.kept).length;
  lines.push(`  ${keptN} kept, ${rec.removed.length} removed`);
  const byRule = new Map<string, number>();
  for (const r of rec.removed) byRule.set(r.rule, (byRule.get(r.rule) ?? 0) + 1);
  if (byRule.size) lines.push(`  removed by rule: ${[...byRule].sort(([a], [b]) => (a < b ? -1 : 1)).map(([r, n]) => `${r} ${n}`).join(', ')}`);
  lines.push('');
  for (const d of ds) {
    const mark = d.kept ? 'KEEP' : 'DROP';
    lines.push(`${mark} ${`${d.start}-${d.end}`.padEnd(12)} ${d.rule.padEnd(22)} ${d.detail.padEnd(12)} ${clip(d.text, width)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `qingxi explain <id>`: read the article's record from the output folder and print its decisions. */
export function explainCommand(id: string, opts: { out: string; removed?: boolean; width?: number }): string {
  const file = articlePaths(opts.out, id).json;
  if (!existsSync(file)) throw new Error(`no record for article ${JSON.stringify(id)}: ${file} not found (run the pipeline first, or pass --out)`);
  const rec = JSON.parse(readFileSync(file, 'utf8')) as ArticleRecord;
  return explainText(rec, { onlyRemoved: opts.removed, width: opts.width });
}

/** The `explain` subcommand for the CLI. Exit code 2 when the article has no record in the output folder. */
export function explainCli(): Command {
  return new Command('explain')
    .description('show, for one article, every line or block kept or removed, with its score and the rule that decided')
    .argument('<id>', 'article id (its path under the corpus without extension, or a JSONL record id)')
    .option('--out <dir>', 'output folder of the run', 'output')
    .option('--removed', 'list only what was removed')
    .option('--width <n>', 'characters of text shown per line', (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 10) throw new InvalidArgumentError('must be a whole number of at least 10');
      return n;
    })
    .action((id: string, o: { out: string; removed?: boolean; width?: number }) => {
      try {
        process.stdout.write(explainCommand(id, o));
      } catch (e) {
        process.stderr.write(`qingxi: ${(e as Error).message}\n`);
        process.exitCode = 2;
      }
    });
}
