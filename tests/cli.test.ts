import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTemps, ROOT, runCli, tempCorpus, tempDir } from './helpers.js';

afterAll(removeTemps);

const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('CLI usage', () => {
  it('--help lists the run options and exits 0', async () => {
    const r = await runCli(['run', '--help']);
    expect(r.code).toBe(0);
    for (const opt of ['--corpus', '--out', '--concurrency', '--help']) expect(r.stdout).toContain(opt);
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/Usage: qingxi/);
  });

  it('--version prints the package version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(VERSION);
  });

  it.each([
    [['--bogus'], /unknown option '--bogus'/],
    [['run', '--concurrency', '0'], /--concurrency.*must be a whole number from 1 to/],
    [['run', '--concurrency', 'two'], /--concurrency.*must be a whole number/],
    [['run', '--concurrency', '100000'], /--concurrency.*from 1 to 256/],
    [['run', 'extra-argument'], /too many arguments/],
    [['run', '--corpus'], /argument missing/],
  ])('usage error %j exits 2 with a message', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('a missing corpus folder exits 2 and writes nothing', async () => {
    const out = path.join(tempDir(), 'out');
    const r = await runCli(['run', '--corpus', path.join(tempDir(), 'nope'), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/corpus folder not found: .*nope/);
    expect(existsSync(out)).toBe(false);
  });

  it('a corpus that is a file, an output that is a file, a missing configuration folder: exit 2', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.txt');
    writeFileSync(file, '正文。');
    const corpus = tempCorpus({ 'a.txt': '正文。' });
    const cases: [string[], RegExp][] = [
      [['--corpus', file, '--out', path.join(dir, 'o1')], /corpus folder not found/],
      [['--corpus', corpus, '--out', file], /output folder is a file/],
      [['--corpus', corpus, '--out', path.join(dir, 'o2'), '--pipeline', path.join(dir, 'none')], /configuration folder not found/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(['run', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(existsSync(path.join(dir, 'o1'))).toBe(false);
    expect(existsSync(path.join(dir, 'o2'))).toBe(false);
  });

  it('refuses an output folder inside the corpus folder (its files would be read as articles next time)', async () => {
    const corpus = tempCorpus({ 'a.txt': '正文。' });
    for (const out of [corpus, path.join(corpus, 'output')]) {
      const r = await runCli(['run', '--corpus', corpus, '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/inside the corpus folder/);
    }
    expect(existsSync(path.join(corpus, 'output'))).toBe(false);
  });
});

describe('CLI run', () => {
  it('prints plain progress lines when not on a terminal, then a summary; exit 0 when all went well', async () => {
    const corpus = tempCorpus({
      'a.txt': '大模型的训练成本很高。ChatGPT 每训练一次，相当于报废了3000辆汽车。',
      'sub/b.md': '# 标题\n\n正文第一段，GPT-3.5 的成绩是 68.74 分。\n',
    });
    const out = tempDir();
    const r = await runCli(['run', '--corpus', corpus, '--out', out, '--concurrency', '2']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/\x1b\[/); // no progress bar escape codes
    expect(r.stderr).toMatch(/^qingxi: .*\d+\/\d+/m);
    expect(r.stderr).toMatch(/qingxi: 2 articles from 2 files in \d+\.\d s/);
    expect(r.stderr).toMatch(/characters in [\d,]+, out [\d,]+/);
    expect(r.stderr).toMatch(/sentences \d+, tokens [\d,]+, warnings 0/);
    expect(r.stderr).not.toMatch(/FAILED/);
    for (const f of ['articles/a.txt', 'articles/a.json', 'aligned/a.tsv', 'articles/sub/b.txt', 'aligned/sub/b.tsv', 'corpus.jsonl', 'glossary.json', 'glossary.tsv', 'report.json']) {
      expect(existsSync(path.join(out, f)), f).toBe(true);
    }
  });

  it('uses ./corpus and ./output by default, and ./pipeline when the folder has one', async () => {
    const cwd = tempCorpus({ 'corpus/a.txt': '默认的语料目录。' });
    const r = await runCli([], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(path.join(cwd, 'output', 'articles', 'a.txt'), 'utf8')).toBe('默认的语料目录。\n');
  });

  it('an output folder in a hidden folder inside the corpus is allowed (hidden folders are not read)', async () => {
    const corpus = tempCorpus({ 'a.txt': '正文。' });
    const r = await runCli(['run', '--corpus', corpus, '--out', path.join(corpus, '.out')]);
    expect(r.code, r.stderr).toBe(0);
    const again = await runCli(['run', '--corpus', corpus, '--out', path.join(corpus, '.out')]);
    expect(again.stderr).toMatch(/1 articles from 1 files/);
  });
});
