import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discover, formatOf, type CorpusFile } from '../src/io/discover.js';
import { readCorpusFile, sha256 } from '../src/io/read.js';
import { hex, removeTemps, tempCorpus } from './helpers.js';

afterAll(removeTemps);

function fileIn(dir: string, rel: string): CorpusFile {
  return { rel, abs: path.join(dir, ...rel.split('/')), format: formatOf(rel) };
}

async function readOne(rel: string, content: string | Uint8Array) {
  const dir = tempCorpus({ [rel]: content });
  return readCorpusFile(fileIn(dir, rel));
}

describe('discover', () => {
  it('lists files recursively in path order, with formats, leaving out hidden files and sidecars', async () => {
    const dir = tempCorpus({
      'b.txt': 'b',
      'a/z.md': 'z',
      'a/y.html': '<p>y</p>',
      'a/x.HTM': '<p>x</p>',
      'c.jsonl': '{"text":"c"}',
      'notes.pdf': '%PDF',
      '.hidden.txt': 'h',
      '.git/config': 'x',
      'b.txt.meta.json': '{}',
    });
    const files = await discover(dir);
    expect(files.map((f) => [f.rel, f.format])).toEqual([
      ['a/x.HTM', 'html'],
      ['a/y.html', 'html'],
      ['a/z.md', 'md'],
      ['b.txt', 'txt'],
      ['c.jsonl', 'jsonl'],
      ['notes.pdf', undefined],
    ]);
    // Whether the folder listed a sidecar for the file (a run then stats it).
    expect(files.map((f) => [f.rel, f.sidecar])).toEqual([
      ['a/x.HTM', false],
      ['a/y.html', false],
      ['a/z.md', false],
      ['b.txt', true],
      ['c.jsonl', false],
      ['notes.pdf', false],
    ]);
  });
});

describe('discover: symbolic links', () => {
  it('follows links to files and folders, not a link back up the tree; a dangling link is listed and reported when read', async () => {
    const outside = tempCorpus({ 'target.txt': '链接的文章。', 'dir/inner.md': '# 链接目录里的文章' });
    const dir = tempCorpus({ 'a.txt': '正常。' });
    symlinkSync(path.join(outside, 'target.txt'), path.join(dir, 'link.txt'));
    symlinkSync(path.join(outside, 'dir'), path.join(dir, 'linked-dir'));
    symlinkSync(dir, path.join(dir, 'loop'));
    symlinkSync(path.join(outside, 'nowhere.txt'), path.join(dir, 'dangling.txt'));
    const files = await discover(dir);
    expect(files.map((f) => f.rel)).toEqual(['a.txt', 'dangling.txt', 'link.txt', 'linked-dir/inner.md']);
    const linked = await readCorpusFile(files[2]!);
    expect(linked.docs[0]).toMatchObject({ id: 'link', content: '链接的文章。' });
    const dangling = await readCorpusFile(files[1]!);
    expect(dangling.docs).toEqual([]);
    expect(dangling.failures[0]).toMatchObject({ path: 'dangling.txt', reason: expect.stringMatching(/^cannot be read: .*ENOENT/) });
  });
});

describe('readCorpusFile: one article per file', () => {
  it('reads a .txt file: id is the path without extension, content the decoded text', async () => {
    const { docs, failures } = await readOne('sub/dir/article.txt', '标题\n\n正文第一段。\n');
    expect(failures).toEqual([]);
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({
      id: 'sub/dir/article',
      path: 'sub/dir/article.txt',
      format: 'txt',
      encoding: 'utf-8',
      content: '标题\n\n正文第一段。\n',
      html: false,
      warnings: [],
    });
  });

  it('reads .md as Markdown text and .html/.htm as HTML', async () => {
    expect((await readOne('a.md', '# 标题\n')).docs[0]).toMatchObject({ id: 'a', format: 'md', html: false });
    expect((await readOne('b.html', '<p>正文</p>')).docs[0]).toMatchObject({ id: 'b', format: 'html', html: true });
    expect((await readOne('c.htm', '<p>正文</p>')).docs[0]).toMatchObject({ id: 'c', format: 'html', html: true });
  });

  it('decodes legacy encodings and records the encoding', async () => {
    // '中文编码测试：我们的国家有很多人在学习大模型。'.encode('gbk')
    const gbk = hex('d6d0cec4b1e0c2ebb2e2cad4a3baced2c3c7b5c4b9fabcd2d3d0badcb6e0c8cbd4dad1a7cfb0b4f3c4a3d0cda1a3');
    const { docs } = await readOne('gbk.txt', gbk);
    expect(docs[0]).toMatchObject({ encoding: 'gb18030', content: '中文编码测试：我们的国家有很多人在学习大模型。' });
  });

  it('keeps decoding warnings, prefixed with the file', async () => {
    const bytes = new Uint8Array([...Buffer.from('正常的中文文字，'.repeat(20)), 0xff, ...Buffer.from('结尾。')]);
    const { docs } = await readOne('bad.txt', bytes);
    expect(docs[0]!.warnings).toEqual(['bad.txt: invalid UTF-8: 1 byte sequence(s) replaced with U+FFFD']);
  });

  it('reads metadata from a sidecar <file>.meta.json', async () => {
    const dir = tempCorpus({ 'a.txt': '正文。', 'a.txt.meta.json': '{"url":"https://example.com/a","title":"标题"}' });
    const { docs } = await readCorpusFile(fileIn(dir, 'a.txt'));
    expect(docs[0]!.meta).toEqual({ url: 'https://example.com/a', title: '标题' });
  });

  it('reports an empty file, a whitespace-only file, a binary file and an unknown extension, naming the reason', async () => {
    expect((await readOne('empty.txt', '')).failures).toEqual([{ path: 'empty.txt', reason: 'is empty' }]);
    expect((await readOne('blank.txt', ' \n\t\n')).failures[0]).toMatchObject({ path: 'blank.txt', reason: expect.stringMatching(/no text/) });
    const bin = await readOne('image.txt', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]));
    expect(bin.docs).toEqual([]);
    expect(bin.failures[0]).toMatchObject({ path: 'image.txt', reason: expect.stringMatching(/binary/) });
    const other = await readOne('data.csv', 'a,b\n');
    expect(other.failures[0]!.reason).toMatch(/^skipped: not a \.txt/);
  });

  it('a missing file is a failure, not an exception', async () => {
    const dir = tempCorpus({});
    const r = await readCorpusFile(fileIn(dir, 'gone.txt'));
    expect(r.docs).toEqual([]);
    expect(r.failures[0]!.reason).toMatch(/cannot be read/);
  });
});

describe('readCorpusFile: JSONL', () => {
  const lines = [
    JSON.stringify({ id: 'first', url: 'https://example.com/1', title: '第一篇', text: '第一篇的正文。', lang: 'zh' }),
    '',
    JSON.stringify({ text: '没有编号的记录。' }),
    JSON.stringify({ id: 42, html: '<p>网页记录。</p>' }),
    '{"id": "broken", "text": ',
    JSON.stringify({ id: '../escape', text: '想要逃出输出目录。' }),
    JSON.stringify({ id: 'first', text: '重复的编号。' }),
    JSON.stringify(['not', 'an', 'object']),
    JSON.stringify({ id: 'no-body', title: '只有标题' }),
    JSON.stringify({ id: { nested: true }, text: '编号是对象。' }),
    JSON.stringify({ id: 'a/b', text: '子目录编号。' }),
  ];

  it('reads one article per valid line, with ids, line numbers, metadata and html flag', async () => {
    const { docs } = await readOne('dump/recs.jsonl', lines.join('\n') + '\n');
    expect(docs.map((d) => [d.id, d.line, d.html])).toEqual([
      ['first', 1, false],
      ['dump/recs:3', 3, false],
      ['42', 4, true],
      ['a/b', 11, false],
    ]);
    expect(docs[0]).toMatchObject({
      path: 'dump/recs.jsonl',
      format: 'jsonl',
      content: '第一篇的正文。',
      meta: { url: 'https://example.com/1', title: '第一篇', lang: 'zh' },
    });
    expect(docs[0]!.meta).not.toHaveProperty('text');
    expect(docs[0]!.meta).not.toHaveProperty('id');
    expect(docs[2]!.content).toBe('<p>网页记录。</p>');
  });

  it('reports each bad line with its number and reason, and keeps going', async () => {
    const { failures } = await readOne('dump/recs.jsonl', lines.join('\n') + '\n');
    const byLine = Object.fromEntries(failures.map((f) => [f.line, f.reason]));
    expect(Object.keys(byLine).map(Number)).toEqual([5, 6, 7, 8, 9, 10]);
    expect(byLine[5]).toMatch(/^line 5 is not valid JSON/);
    expect(byLine[6]).toMatch(/^line 6: id "\.\.\/escape" contains a '\.', '\.\.' or empty path segment/);
    expect(byLine[7]).toMatch(/^line 7: id "first" appears twice/);
    expect(byLine[8]).toMatch(/^line 8 is not a JSON object/);
    expect(byLine[9]).toMatch(/^line 9 has no "text" or "html" string/);
    expect(byLine[10]).toMatch(/^line 10: "id" must be a string or a number/);
    for (const f of failures) expect(f.path).toBe('dump/recs.jsonl');
  });

  it('handles CRLF line ends and a byte-order mark', async () => {
    const text = '\ufeff' + [JSON.stringify({ id: 'x', text: '一。' }), JSON.stringify({ text: '二。' })].join('\r\n');
    const { docs, failures } = await readOne('crlf.jsonl', text);
    expect(failures).toEqual([]);
    expect(docs.map((d) => [d.id, d.content])).toEqual([
      ['x', '一。'],
      ['crlf:2', '二。'],
    ]);
  });

  it('a JSONL file with no records is reported', async () => {
    const r = await readOne('none.jsonl', '\n\n  \n');
    expect(r.docs).toEqual([]);
    expect(r.failures).toEqual([{ path: 'none.jsonl', reason: 'has no records (only blank lines)' }]);
  });
});

describe('sha256', () => {
  it('hashes text as UTF-8', () => {
    expect(sha256('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256('中')).toBe(sha256(new Uint8Array(Buffer.from('中', 'utf8'))));
  });
});
