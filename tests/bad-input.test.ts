import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord } from '../src/types.js';
import { hex, readJson, removeTemps, runCli, SAMPLE_CORPUS, tempCorpus, tempDir, type CliResult } from './helpers.js';

// Bad input end to end: one run of the built CLI over a corpus of bad files and good ones. Every bad file gets a
// clear message naming it and the reason (or is read correctly), every good article is written, exit code 1.

// '中文编码测试：我们的国家有很多人在学习大模型。'.encode('gbk') (Python, at authoring time)
const GBK = hex('d6d0cec4b1e0c2ebb2e2cad4a3baced2c3c7b5c4b9fabcd2d3d0badcb6e0c8cbd4dad1a7cfb0b4f3c4a3d0cda1a3');
// '這是繁體中文的測試，我們說話的時候會學習大模型。'.encode('big5')
const BIG5 = hex('b36fac4fc163c5e9a4a4a4e5aabab4fab8d5a141a7daadccbba1b8dcaabaaec9add4b77cbec7b2dfa46abcd2abaca143');

const SENTENCE = '大模型的训练是一个成本极高的过程，需要大量的算力和资金支持。';
const HUGE_REPEAT = Math.ceil((5 * 1024 * 1024) / Buffer.byteLength(SENTENCE));

let corpus: string;
let out: string;
let run: CliResult;

beforeAll(async () => {
  const good = readFileSync(path.join(SAMPLE_CORPUS, '003_10674204aa50ccb3.txt'));
  corpus = tempCorpus({
    'good.txt': good,
    'empty.txt': '',
    'blank.md': '\n   \n\t\n',
    'image.html': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0]),
    'legacy/gbk.txt': new Uint8Array([...GBK, 0x0a, ...GBK]),
    'legacy/big5.txt': BIG5,
    'bad-utf8.txt': new Uint8Array([...Buffer.from('这是一段正常的中文文字，用来测试无效的编码。'.repeat(5)), 0xff, 0xfe, 0x80, ...Buffer.from('后面还有文字。')]),
    'huge.txt': SENTENCE.repeat(HUGE_REPEAT),
    'broken.html': '<html><head><title>坏的网页</title><body><div><p>这是一个<b>没有闭合的段落<p>第二段文字，内容很多。<div></span></table><p>尾部 &amp; 结束',
    'records.jsonl': [
      JSON.stringify({ id: 'rec-ok', url: 'https://example.com/ok', text: '第一条记录的文字内容。' }),
      '{"id": "rec-broken", "text": "没有结束',
      JSON.stringify({ id: '../escape', text: '想要逃出输出目录的记录。' }),
      JSON.stringify({ id: 'a/../../escape2', text: '也想逃出去。' }),
      JSON.stringify({ text: '没有编号的记录。' }),
      JSON.stringify({ id: 'good', text: '和 good.txt 同一个编号。' }),
    ].join('\n'),
    'notes.pdf': '%PDF-1.4',
    'dup.md': '同名的 Markdown 文章。',
    'dup.txt': '同名的文本文章。',
  });
  out = path.join(tempDir(), 'out');
  run = await runCli(['run', '--corpus', corpus, '--out', out, '--concurrency', '2']);
});
afterAll(removeTemps);

const record = (id: string) => readJson<ArticleRecord>(path.join(out, 'articles', `${id}.json`));
const text = (id: string) => readFileSync(path.join(out, 'articles', `${id}.txt`), 'utf8');

/** The summary line about one file: `FAILED <file>: <reason>` or `warning <file>: ...`. */
function lineAbout(file: string): string | undefined {
  return run.stderr.split('\n').find((l) => new RegExp(`^\\s+(FAILED|skipped|warning) ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[: ]`).test(l));
}

describe('bad input, end to end', () => {
  it('exits 1 (something failed) without crashing', () => {
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).not.toMatch(/internal error|crashed|    at /);
    expect(run.stderr).toMatch(/article\(s\) failed; all others were written/);
  });

  it('names each broken file and the reason', () => {
    expect(lineAbout('empty.txt')).toMatch(/FAILED empty\.txt: is empty/);
    expect(lineAbout('blank.md')).toMatch(/FAILED blank\.md: has no text/);
    expect(lineAbout('image.html')).toMatch(/FAILED image\.html: .*binary/);
    expect(lineAbout('records.jsonl:2')).toMatch(/FAILED records\.jsonl:2: line 2 is not valid JSON/);
    expect(lineAbout('records.jsonl:3')).toMatch(/FAILED records\.jsonl:3: .*"\.\.\/escape".*'\.\.'/);
    expect(lineAbout('records.jsonl:4')).toMatch(/FAILED records\.jsonl:4: .*"a\/\.\.\/\.\.\/escape2"/);
    expect(lineAbout('notes.pdf')).toMatch(/skipped notes\.pdf: not a \.txt/);
    // Two files or records with one id: the first in path order keeps it, the other is reported.
    expect(lineAbout('dup.txt')).toMatch(/FAILED dup\.txt: id "dup" is already used by dup\.md/);
    expect(lineAbout('records.jsonl:6')).toMatch(/FAILED records\.jsonl:6: id "good" is already used by good\.txt/);
  });

  it('lists the same failures in report.json', () => {
    const report = readJson<{ failures: { path: string; line?: number; reason: string }[] }>(path.join(out, 'report.json'));
    const where = report.failures.map((f) => `${f.path}${f.line !== undefined ? `:${f.line}` : ''}`);
    expect(where).toEqual(['blank.md', 'dup.txt', 'empty.txt', 'image.html', 'notes.pdf', 'records.jsonl:2', 'records.jsonl:3', 'records.jsonl:4', 'records.jsonl:6']);
  });

  it('writes every good article, and nothing for the broken ones', () => {
    const report = readJson<{ articles: { id: string }[] }>(path.join(out, 'report.json'));
    expect(report.articles.map((a) => a.id)).toEqual(['bad-utf8', 'broken', 'dup', 'good', 'huge', 'legacy/big5', 'legacy/gbk', 'rec-ok', 'records:5']);
    for (const a of report.articles) {
      for (const f of [`articles/${a.id}.txt`, `articles/${a.id}.json`, `aligned/${a.id}.tsv`]) expect(existsSync(path.join(out, f)), f).toBe(true);
    }
    expect(readdirSync(path.join(out, 'articles'))).not.toContain('empty.txt');
    const corpusLines = readFileSync(path.join(out, 'corpus.jsonl'), 'utf8').trim().split('\n');
    expect(corpusLines.map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(report.articles.map((a) => a.id));
    expect(text('good').length).toBeGreaterThan(1000);
    expect(text('dup')).toBe('同名的 Markdown 文章。\n');
  });

  it('writes nothing outside the output folder for ids with ../', () => {
    const parent = path.dirname(out);
    expect(readdirSync(parent)).toEqual(['out']);
    expect(existsSync(path.join(out, 'escape.txt'))).toBe(false);
    expect(readdirSync(out).sort()).not.toContain('escape2.txt');
  });

  it('reads the GBK file as GB18030 and the Big5 file as Big5, with the right text in the output', () => {
    const gbk = record('legacy/gbk');
    expect(gbk.source.encoding).toBe('gb18030');
    expect(text('legacy/gbk')).toContain('中文编码测试：我们的国家有很多人在学习大模型。');
    const big5 = record('legacy/big5');
    expect(big5.source.encoding).toBe('big5');
    expect(big5.meta.script).toBe('traditional');
    expect(text('legacy/big5')).toBe('这是繁体中文的测试，我们说话的时候会学习大模型。\n');
    const s = big5.paragraphs[0]!.sentences[0]!;
    expect(s.original).toBe('這是繁體中文的測試，我們說話的時候會學習大模型。');
    // Offsets are into the decoded text, not the bytes.
    expect([s.start, s.end]).toEqual([0, 24]);
  });

  it('decodes invalid UTF-8 lossily and says so, naming the file', () => {
    const rec = record('bad-utf8');
    expect(rec.warnings).toEqual(['bad-utf8.txt: invalid UTF-8: 3 byte sequence(s) replaced with U+FFFD']);
    expect(lineAbout('bad-utf8.txt')).toMatch(/warning bad-utf8\.txt: invalid UTF-8: 3 byte sequence/);
    expect(text('bad-utf8')).toContain('后面还有文字。');
  });

  it('processes a 5 MB file on one line whole', () => {
    const rec = record('huge');
    expect(Buffer.byteLength(readFileSync(path.join(corpus, 'huge.txt')))).toBeGreaterThanOrEqual(5 * 1024 * 1024);
    const ss = rec.paragraphs.flatMap((p) => p.sentences);
    expect(ss.length).toBe(HUGE_REPEAT);
    expect(rec.stats.charsOut).toBe(SENTENCE.length * HUGE_REPEAT);
    expect(ss[ss.length - 1]!.end).toBe(SENTENCE.length * HUGE_REPEAT);
  });

  it('repairs malformed HTML and loses none of its text (kept, or removed as chrome with a reason)', () => {
    const t = text('broken');
    expect(t).toContain('这是一个没有闭合的段落');
    expect(t).toContain('第二段文字，内容很多。');
    const removed = record('broken').removed.map((r) => r.text);
    expect(t.includes('尾部 & 结束') || removed.includes('尾部 & 结束')).toBe(true);
  });

  it('keeps the good JSONL records, with their ids and metadata', () => {
    expect(text('rec-ok')).toBe('第一条记录的文字内容。\n');
    expect(record('rec-ok').meta.url).toBe('https://example.com/ok');
    expect(record('rec-ok').source).toMatchObject({ path: 'records.jsonl', line: 1 });
    expect(text('records:5')).toBe('没有编号的记录。\n');
  });
});

describe('bad input, a second run over the same corpus and output', () => {
  it('reports the same failures and warnings and exits 1 again, with the outputs unchanged', async () => {
    const before = readFileSync(path.join(out, 'corpus.jsonl'));
    const again = await runCli(['run', '--corpus', corpus, '--out', out, '--concurrency', '2']);
    expect(again.code, again.stderr).toBe(1);
    const problems = (stderr: string) => stderr.split('\n').filter((l) => /^\s+(FAILED|skipped|warning) /.test(l));
    expect(problems(again.stderr)).toEqual(problems(run.stderr));
    // 9 files or records named, the invalid UTF-8 warning, and the count of skipped files.
    expect(problems(again.stderr).length, problems(again.stderr).join('\n')).toBe(11);
    expect(readFileSync(path.join(out, 'corpus.jsonl')).equals(before)).toBe(true);
  });
});

describe('a clean corpus', () => {
  it('exits 0 and reports no failures', async () => {
    const c = tempCorpus({ 'a.txt': '一切正常的文章。', 'b.jsonl': JSON.stringify({ text: '也正常。' }) });
    const o = tempDir();
    const r = await runCli(['run', '--corpus', c, '--out', o]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/FAILED|warning /);
    expect(readJson<{ failures: unknown[] }>(path.join(o, 'report.json')).failures).toEqual([]);
  });
});

describe('bad input: a dangling symbolic link in the corpus', () => {
  it('is reported by name with the reason, the rest is written, and the run exits 1', async () => {
    const { symlinkSync } = await import('node:fs');
    const corpus = tempCorpus({ 'good.txt': '大模型是不是有点太多了？\n\n上个月，AI业界爆发了一场“动物战争”。\n' });
    symlinkSync(path.join(tempDir(), 'nowhere.txt'), path.join(corpus, 'dangling.txt'));
    const out = tempDir();
    const r = await runCli(['run', '--corpus', corpus, '--out', out, '--concurrency', '1']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/dangling\.txt: cannot be read: .*ENOENT/);
    expect(existsSync(path.join(out, 'articles', 'good.txt'))).toBe(true);
    const report = readJson<{ failures: { path: string; reason: string }[] }>(path.join(out, 'report.json'));
    expect(report.failures.map((f) => f.path)).toEqual(['dangling.txt']);
  });
});
