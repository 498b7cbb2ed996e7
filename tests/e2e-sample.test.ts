import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as OpenCC from 'opencc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord } from '../src/types.js';
import { readJson, readTree, removeTemps, runCli, SAMPLE_CORPUS, tempDir, type CliResult } from './helpers.js';

// End to end on the sample corpus with the built CLI, at concurrency 1 and 4.
const IDS = ['000_d96e26aee6ca39d7', '001_f67e12d98019297f', '002_1539d43226c0d4de', '003_10674204aa50ccb3'];

let out1: string;
let out4: string;
let run1: CliResult;
let run4: CliResult;

beforeAll(async () => {
  out1 = tempDir('qingxi-e2e-c1-');
  out4 = tempDir('qingxi-e2e-c4-');
  run1 = await runCli(['run', '--corpus', SAMPLE_CORPUS, '--out', out1, '--concurrency', '1']);
  run4 = await runCli(['run', '--corpus', SAMPLE_CORPUS, '--out', out4, '--concurrency', '4']);
});
afterAll(removeTemps);

const record = (id: string) => readJson<ArticleRecord>(path.join(out1, 'articles', `${id}.json`));
const source = (rec: ArticleRecord) => readFileSync(path.join(SAMPLE_CORPUS, rec.source.path), 'utf8');
const sentences = (rec: ArticleRecord) => rec.paragraphs.flatMap((p) => p.sentences);

/** TSV cell as written (tabs, newlines and backslashes escaped). */
function unescapeCell(s: string): string {
  return s.replace(/\\(.)/g, (_, c: string) => ({ t: '\t', n: '\n', r: '\r', '\\': '\\' })[c] ?? `\\${c}`);
}

/** report.json without its run timings (`timeMs` anywhere), which legitimately differ from run to run. */
function withoutTimes(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutTimes);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'timeMs' && k !== 'stageMs' && k !== 'phaseMs').map(([k, x]) => [k, withoutTimes(x)]));
  }
  return v;
}

describe('sample corpus, end to end', () => {
  it('runs cleanly and prints a summary', () => {
    expect(run1.code, run1.stderr).toBe(0);
    expect(run4.code, run4.stderr).toBe(0);
    expect(run1.stderr).toMatch(/4 articles from 4 files/);
    expect(run1.stderr).not.toMatch(/FAILED|warnings [1-9]/);
  });

  it('writes every output for the four articles', () => {
    const all = [...readTree(out1).keys()];
    const files = all.filter((f) => !f.startsWith('.qingxi/'));
    for (const id of IDS) {
      expect(files).toContain(`articles/${id}.txt`);
      expect(files).toContain(`articles/${id}.json`);
      expect(files).toContain(`aligned/${id}.tsv`);
    }
    for (const f of ['corpus.jsonl', 'glossary.json', 'glossary.tsv', 'report.json']) expect(files).toContain(f);
    // No temporary files are left behind (.qingxi/ is qingxi's own cache for the next run).
    expect(all.filter((f) => /\.tmp$/.test(f))).toEqual([]);
    expect(files.filter((f) => /^\.|\/\./.test(f))).toEqual([]);
  });

  it('article records: ids, source, metadata, offsets unit, sentence ids', () => {
    for (const id of IDS) {
      const rec = record(id);
      expect(rec.id).toBe(id);
      expect(rec.source).toMatchObject({ path: `${id}.txt`, format: 'txt', encoding: 'utf-8' });
      expect(rec.offsets).toBe('utf16-code-units-of-decoded-source');
      expect(rec.meta.contentHash).toMatch(/^[0-9a-f]{64}$/);
      expect(rec.meta.converter).toBeTruthy();
      expect(sentences(rec).length).toBeGreaterThan(50);
      rec.paragraphs.forEach((p, i) => {
        expect(p.index).toBe(i);
        p.sentences.forEach((s, k) => expect(s.id).toBe(`${id}:${i}:${k}`));
      });
      for (const r of rec.removed) expect(typeof r.rule).toBe('string');
    }
  });

  it("003 (Traditional) is detected and converted: no Traditional-only character is left in its text", () => {
    const rec = record('003_10674204aa50ccb3');
    expect(rec.meta.script).toBe('traditional');
    expect(rec.meta.converter).not.toBe('none');
    const twToCn = OpenCC.Converter({ from: 'tw', to: 'cn' });
    const text = readFileSync(path.join(out1, 'articles', '003_10674204aa50ccb3.txt'), 'utf8');
    expect(twToCn(text)).toBe(text);
    for (const s of sentences(rec)) expect(twToCn(s.text)).toBe(s.text);
    // The original column keeps the source script.
    expect(sentences(rec).some((s) => /[國們這個為說發體]/.test(s.original))).toBe(true);
  });

  it('ChatGPT, GPT-3.5, 68.74 and Llama 2 survive whole in text, and as single tokens', () => {
    const seen = new Map<string, number>();
    for (const id of IDS) {
      const rec = record(id);
      const src = source(rec);
      const text = readFileSync(path.join(out1, 'articles', `${id}.txt`), 'utf8');
      for (const term of ['ChatGPT', 'GPT-3.5', '68.74', 'Llama 2']) {
        const count = (s: string) => s.split(term).length - 1;
        const inSource = count(src);
        if (inSource === 0) continue;
        // None of them is lost or altered: each is in the text or in a line removed as chrome.
        const inRemoved = rec.removed.reduce((n, r) => n + count(r.text), 0);
        expect(count(text) + inRemoved, `${id} ${term}`).toBe(inSource);
        for (const s of sentences(rec)) {
          if (!s.text.includes(term)) continue;
          seen.set(term, (seen.get(term) ?? 0) + 1);
          const hits = s.text.split(term).length - 1;
          expect(s.tokens.filter((t) => t === term).length, `${s.id}: ${s.tokens.join(' | ')}`).toBe(hits);
        }
      }
    }
    expect([...seen.keys()].sort()).toEqual(['68.74', 'ChatGPT', 'GPT-3.5', 'Llama 2']);
  });

  it('aligned TSV rows and JSON sentences agree row by row', () => {
    for (const id of IDS) {
      const rec = record(id);
      const rows = readFileSync(path.join(out1, 'aligned', `${id}.tsv`), 'utf8').replace(/\n$/, '').split('\n');
      expect(rows[0]).toBe('id\toriginal\tsimplified\ttokens');
      const ss = sentences(rec);
      expect(rows.length - 1).toBe(ss.length);
      ss.forEach((s, i) => {
        const cells = rows[i + 1]!.split('\t').map(unescapeCell);
        expect(cells).toEqual([s.id, s.original, s.text, s.tokens.join(' ')]);
      });
    }
  });

  it('tokens cover the Simplified text exactly', () => {
    for (const id of IDS) {
      for (const s of sentences(record(id))) {
        expect(s.tokens.join('').replace(/\s+/g, ''), s.id).toBe(s.text.replace(/\s+/g, ''));
        expect(s.tokens.every((t) => t.length > 0 && t.trim() === t)).toBe(true);
      }
    }
  });

  it('offsets point into the decoded source: each span holds the sentence (lines removed inside it aside)', () => {
    const letters = (s: string) => s.replace(/[^\p{L}\p{N}]/gu, '');
    for (const id of IDS) {
      const rec = record(id);
      const src = source(rec);
      for (const s of sentences(rec)) {
        expect(0 <= s.start && s.start < s.end && s.end <= src.length, s.id).toBe(true);
        // Blank out lines the pipeline removed inside the span; what remains is the sentence, up to punctuation,
        // width and white space.
        let span = src.slice(s.start, s.end);
        for (const r of rec.removed) {
          if (r.end <= s.start || r.start >= s.end) continue;
          const a = Math.max(r.start, s.start) - s.start;
          const b = Math.min(r.end, s.end) - s.start;
          span = span.slice(0, a) + ' '.repeat(b - a) + span.slice(b);
        }
        const norm = (x: string) => letters(x).replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
        expect(norm(span), s.id).toBe(norm(s.original));
      }
    }
  });

  it('the .txt holds the Simplified sentences, paragraph by paragraph, title first', () => {
    for (const id of IDS) {
      const rec = record(id);
      const text = readFileSync(path.join(out1, 'articles', `${id}.txt`), 'utf8');
      const blocks = text.replace(/\n$/, '').split('\n\n');
      expect(blocks.length).toBe(rec.paragraphs.length);
      rec.paragraphs.forEach((p, i) => {
        expect(blocks[i]!.replace(/ /g, '')).toBe(p.sentences.map((s) => s.text).join('').replace(/ /g, ''));
      });
      if (rec.meta.title !== undefined) expect(blocks[0]).toBe(rec.meta.title);
    }
  });

  it('corpus.jsonl has one line per article in id order, with the .txt text', () => {
    const lines = readFileSync(path.join(out1, 'corpus.jsonl'), 'utf8').replace(/\n$/, '').split('\n');
    const recs = lines.map((l) => JSON.parse(l) as { id: string; text: string; meta: Record<string, unknown> });
    expect(recs.map((r) => r.id)).toEqual(IDS);
    for (const r of recs) {
      expect(r.text).toBe(readFileSync(path.join(out1, 'articles', `${r.id}.txt`), 'utf8'));
      expect(r.meta).toHaveProperty('script');
      // The chrome stage's per-line decisions stay in the article record, out of the corpus file.
      expect(r.meta).not.toHaveProperty('chrome');
      expect(record(r.id).meta).toHaveProperty('chrome');
    }
  });

  it('glossary entries have term, english, count, docs, and their evidence ids are real sentences', () => {
    const entries = readJson<{ term: string; english: string[]; count: number; docs: unknown; evidence?: string[] }[]>(path.join(out1, 'glossary.json'));
    expect(Array.isArray(entries)).toBe(true);
    expect(entries.length).toBeGreaterThan(0);
    const ids = new Set(IDS.flatMap((id) => sentences(record(id)).map((s) => s.id)));
    for (const e of entries) {
      expect(typeof e.term).toBe('string');
      expect(Array.isArray(e.english)).toBe(true);
      expect(e.count).toBeGreaterThan(0);
      expect(e).toHaveProperty('docs');
      for (const ev of e.evidence ?? []) expect(ids.has(ev), ev).toBe(true);
    }
    expect(readFileSync(path.join(out1, 'glossary.tsv'), 'utf8').split('\n')[0]).toMatch(/^term\t/);
  });

  it('report.json has a row per article with characters, removed lines, sentences, tokens, warnings', () => {
    const report = readJson<{ articles: Record<string, unknown>[] }>(path.join(out1, 'report.json'));
    expect(report.articles.map((a) => a.id)).toEqual(IDS);
    for (const a of report.articles) {
      for (const k of ['charsIn', 'charsOut', 'linesRemoved', 'sentences', 'tokens']) expect(typeof a[k], k).toBe('number');
      expect(Array.isArray(a.warnings)).toBe(true);
      const rec = record(a.id as string);
      expect(a.sentences).toBe(sentences(rec).length);
      expect(a.charsIn).toBe(source(rec).length);
    }
  });

  it("each article's time in this run is in the run log, .qingxi/last-run.json (report.json stays byte-identical)", () => {
    const log = readJson<{ articleMs: Record<string, number>; timeMs: number }>(path.join(out1, '.qingxi', 'last-run.json'));
    expect(Object.keys(log.articleMs)).toEqual(IDS);
    for (const ms of Object.values(log.articleMs)) expect(ms).toBeGreaterThan(0);
    expect(log.timeMs).toBeGreaterThan(0);
  });

  it('the output is byte-identical at --concurrency 1 and 4 (report.json without its timings)', () => {
    // .qingxi/ is the cache for the next run (prepared records, last run's timings), not an output.
    const outputs = (dir: string) => new Map([...readTree(dir)].filter(([f]) => !f.startsWith('.qingxi/')));
    const a = outputs(out1);
    const b = outputs(out4);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [file, bytes] of a) {
      if (file === 'report.json') {
        expect(withoutTimes(JSON.parse(b.get(file)!.toString('utf8')))).toEqual(withoutTimes(JSON.parse(bytes.toString('utf8'))));
      } else {
        expect(b.get(file)!.equals(bytes), file).toBe(true);
      }
    }
  });
});
