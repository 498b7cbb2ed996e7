/**
 * `npm run eval`: qingxi's quality on public gold data, printed as one table (measure, data, qingxi, published
 * peer, target, pass) and written to `output/eval/eval.json` and `output/eval/eval.md`.
 *
 * Each section lives in its own module and returns rows, or a reason it was skipped (its data is absent).
 * Missed targets do not change the exit code; only a crashing section does.
 * `node dist/eval/run.js [section ...]` runs only the named sections.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT, VERSION } from '../src/version.js';
import { chromeSection } from './chrome.js';
import { conversionSection } from './conversion.js';
import { DATASETS } from './data.js';
import { segmentationSection } from './segmentation.js';
import { sentencesSection } from './sentences.js';
import type { EvalRow, EvalSection } from './table.js';

/** Every evaluation section, in table order. To add one: import it and add it to this list. */
const sections: EvalSection[] = [
  conversionSection,
  sentencesSection,
  segmentationSection,
  chromeSection,
];

interface SectionResult {
  name: string;
  status: 'ok' | 'skipped' | 'crashed';
  message?: string;
  seconds: number;
  rows: EvalRow[];
}

const HEADERS = ['measure', 'data', 'qingxi', 'published peer', 'target', 'pass'] as const;

function passText(p: boolean | undefined): string {
  return p === undefined ? '' : p ? 'yes' : 'NO';
}

function cells(r: EvalRow): string[] {
  return [r.measure, r.data, r.qingxi, r.peer, r.target, passText(r.pass)];
}

/** Display width: CJK and full-width characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(ch) ? 2 : 1;
  return w;
}

function pad(s: string, n: number): string {
  return s + ' '.repeat(Math.max(0, n - width(s)));
}

function textTable(rows: string[][]): string {
  const widths = HEADERS.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (r: readonly string[]) => r.map((c, i) => pad(c, widths[i]!)).join('  ').trimEnd();
  return [line(HEADERS), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function mdEscape(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function markdown(results: SectionResult[], started: Date, seconds: number): string {
  const out: string[] = [];
  out.push(`# qingxi evaluation`, '');
  out.push(`qingxi ${VERSION}, ${started.toISOString()}, ${seconds.toFixed(1)} s, data: \`${DATASETS}\``, '');
  out.push(`| ${HEADERS.join(' | ')} |`, `|${HEADERS.map(() => '---').join('|')}|`);
  for (const res of results) for (const r of res.rows) out.push(`| ${cells(r).map(mdEscape).join(' | ')} |`);
  out.push('');
  for (const res of results) {
    out.push(`## ${res.name}`, '');
    if (res.status !== 'ok') {
      out.push(`${res.status}: ${res.message ?? ''}`, '');
      continue;
    }
    out.push(`${res.seconds.toFixed(1)} s`, '');
    for (const r of res.rows) {
      if (r.details === undefined) continue;
      out.push(`### ${r.measure} (${r.data})`, '');
      const d = r.details;
      if (Array.isArray(d) && d.every((x) => typeof x === 'string')) {
        if (d.length === 0) out.push('(none)');
        for (const x of d as string[]) out.push(`- ${x.replace(/\n/g, ' ')}`);
      } else {
        out.push('```json', JSON.stringify(d, null, 2), '```');
      }
      out.push('');
    }
  }
  return out.join('\n');
}

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  const chosen = only.length ? sections.filter((s) => only.includes(s.name)) : sections;
  if (only.length && chosen.length !== only.length) {
    const known = sections.map((s) => s.name).join(', ');
    console.error(`eval: unknown section in ${only.join(', ')}; known: ${known}`);
    return 2;
  }
  const started = new Date();
  const t0 = performance.now();
  /** Run one section; a crash is caught and reported as the section's result. */
  const runOne = async (section: EvalSection): Promise<SectionResult> => {
    const s0 = performance.now();
    process.stderr.write(`eval: ${section.name} ...\n`);
    try {
      const r = await section.run();
      const seconds = (performance.now() - s0) / 1000;
      if ('skipped' in r) {
        console.log(`[skip] ${section.name}: ${r.skipped}`);
        return { name: section.name, status: 'skipped', message: r.skipped, seconds, rows: [] };
      }
      process.stderr.write(`eval: ${section.name} done in ${seconds.toFixed(1)} s\n`);
      return { name: section.name, status: 'ok', seconds, rows: r };
    } catch (err) {
      const seconds = (performance.now() - s0) / 1000;
      const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
      console.error(`[crash] ${section.name}: ${message}`);
      return { name: section.name, status: 'crashed', message, seconds, rows: [] };
    }
  };
  // Sections that work in threads and child processes start first; the main-thread sections run one after the
  // other meanwhile. The table keeps the sections' order whatever order they finish in (a section's time then
  // includes the time it shared the machine with the others).
  const background = chosen.filter((s) => s.background).map((s) => [s, runOne(s)] as const);
  // Let them get their threads and processes going before the main thread is taken.
  if (background.length) await new Promise((resolve) => setImmediate(resolve));
  const done = new Map<EvalSection, SectionResult>();
  for (const section of chosen) if (!section.background) done.set(section, await runOne(section));
  for (const [section, result] of background) done.set(section, await result);
  const results: SectionResult[] = chosen.map((s) => done.get(s)!);
  const seconds = (performance.now() - t0) / 1000;
  const rows = results.flatMap((r) => r.rows);
  console.log('');
  console.log(textTable(rows.map(cells)));
  const missed = rows.filter((r) => r.pass === false).length;
  const skipped = results.filter((r) => r.status === 'skipped').map((r) => r.name);
  const crashed = results.filter((r) => r.status === 'crashed').map((r) => r.name);
  console.log('');
  console.log(
    `${rows.length} rows, ${rows.filter((r) => r.pass === true).length} targets met, ${missed} missed` +
      (skipped.length ? `, skipped: ${skipped.join(', ')}` : '') +
      (crashed.length ? `, CRASHED: ${crashed.join(', ')}` : '') +
      ` (${seconds.toFixed(1)} s)`,
  );
  const dir = path.join(PACKAGE_ROOT, 'output', 'eval');
  mkdirSync(dir, { recursive: true });
  const json = {
    version: VERSION,
    started: started.toISOString(),
    seconds: Number(seconds.toFixed(2)),
    datasets: DATASETS,
    sections: results.map((r) => ({ ...r, seconds: Number(r.seconds.toFixed(2)) })),
  };
  writeFileSync(path.join(dir, 'eval.json'), JSON.stringify(json, null, 2) + '\n');
  writeFileSync(path.join(dir, 'eval.md'), markdown(results, started, seconds) + '\n');
  console.log(`written: ${path.join(dir, 'eval.json')}, ${path.join(dir, 'eval.md')}`);
  return crashed.length ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
