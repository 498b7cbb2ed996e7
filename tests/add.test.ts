import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as OpenCC from 'opencc-js';
import { afterAll, describe, expect, it } from 'vitest';
import { addArticles, type AddOptions } from '../src/commands/add.js';
import { Store } from '../src/cache/store.js';
import { DedupIndex, fingerprint, normalizeForDedup } from '../src/dedup/index.js';
import { minhash, similarity } from '../src/dedup/minhash.js';
import { readJson, removeTemps, ROOT, runCli, tempDir } from './helpers.js';

afterAll(removeTemps);

const SAMPLE = readFileSync(path.join(ROOT, 'corpus', '001_f67e12d98019297f.txt'), 'utf8');
const OTHER = readFileSync(path.join(ROOT, 'corpus', '002_1539d43226c0d4de.txt'), 'utf8');

/** Files of a corpus folder (paths, sorted), sidecars included. */
function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

function setup(): { corpus: string; out: string; inbox: string; add: (inputs: string[], o?: Partial<AddOptions>) => ReturnType<typeof addArticles> } {
  const corpus = tempDir('qingxi-add-corpus-');
  const out = tempDir('qingxi-add-out-');
  const inbox = tempDir('qingxi-add-in-');
  const now = new Date('2025-01-02T03:04:05Z');
  return { corpus, out, inbox, add: (inputs, o = {}) => addArticles({ inputs, corpus, out, now, ...o }) };
}

describe('dedup normalisation and MinHash', () => {
  it('ignores script, punctuation, width and spacing', () => {
    const trad = OpenCC.Converter({ from: 'cn', to: 'tw' })(SAMPLE);
    const punct = trad.replace(/，/g, ',').replace(/。/g, '. ').replace(/\n/g, '\n\n');
    expect(normalizeForDedup(punct)).toBe(normalizeForDedup(SAMPLE));
    expect(normalizeForDedup('ＧＰＴ－４ 发布了！')).toBe('gpt4发布了');
  });

  it('estimates Jaccard similarity: near 1 for small edits, near 0 for other text', () => {
    const a = minhash(normalizeForDedup(SAMPLE));
    const edited = SAMPLE.split('\n');
    edited.splice(4, 2);
    expect(similarity(a, minhash(normalizeForDedup(edited.join('\n'))))).toBeGreaterThan(0.8);
    expect(similarity(a, minhash(normalizeForDedup(OTHER)))).toBeLessThan(0.1);
    expect(similarity(a, a)).toBe(1);
  });
});

describe('qingxi add', () => {
  it('adds an article under a stable id, with a sidecar (url, source, time added)', async () => {
    const { corpus, inbox, add } = setup();
    writeFileSync(path.join(inbox, 'page.txt'), SAMPLE);
    const [r] = await add([path.join(inbox, 'page.txt')], { url: 'https://www.example.com/news/1.html', source: 'crawl-7' });
    expect(r).toMatchObject({ status: 'added' });
    expect(r!.id).toMatch(/^example\.com\/[0-9a-f]{16}$/);
    expect(readFileSync(path.join(corpus, `${r!.id}.txt`), 'utf8')).toBe(SAMPLE);
    const meta = readJson<Record<string, unknown>>(path.join(corpus, `${r!.id}.txt.meta.json`));
    expect(meta).toEqual({ url: 'https://www.example.com/news/1.html', source: 'crawl-7', added: '2025-01-02T03:04:05.000Z', from: 'page.txt' });
    // The same text always gets the same id.
    const again = setup();
    writeFileSync(path.join(again.inbox, 'x.txt'), SAMPLE);
    const [r2] = await again.add([path.join(again.inbox, 'x.txt')], { url: 'http://example.com/other' });
    expect(r2!.id).toBe(r!.id);
  });

  it('refuses an exact duplicate, whatever its script or punctuation, naming the article', async () => {
    const { corpus, inbox, add } = setup();
    writeFileSync(path.join(inbox, 'a.txt'), SAMPLE);
    const [first] = await add([path.join(inbox, 'a.txt')]);
    const trad = OpenCC.Converter({ from: 'cn', to: 'tw' })(SAMPLE).replace(/，/g, ', ');
    writeFileSync(path.join(inbox, 'b.txt'), trad);
    const before = listing(corpus);
    const [r] = await add([path.join(inbox, 'b.txt')]);
    expect(r).toMatchObject({ status: 'duplicate', match: first!.id });
    expect(listing(corpus)).toEqual(before);
    // --force does not add exact duplicates.
    expect((await add([path.join(inbox, 'b.txt')], { force: true }))[0]!.status).toBe('duplicate');
  });

  it('refuses a near duplicate (a repost with a changed paragraph), naming it; --force adds it', async () => {
    const { corpus, inbox, add } = setup();
    writeFileSync(path.join(inbox, 'a.txt'), SAMPLE);
    const [first] = await add([path.join(inbox, 'a.txt')], { url: 'https://site-a.example/1' });
    const lines = SAMPLE.split('\n');
    lines.splice(3, 1, '转载自另一个网站，文字略有改动。');
    writeFileSync(path.join(inbox, 'repost.txt'), lines.join('\n'));
    const [r] = await add([path.join(inbox, 'repost.txt')], { url: 'https://site-b.example/9' });
    expect(r).toMatchObject({ status: 'near-duplicate', match: first!.id });
    expect(r!.similarity).toBeGreaterThanOrEqual(0.8);
    expect(r!.message).toMatch(/near duplicate of article site-a\.example\/[0-9a-f]{16}.*--force/);
    expect(existsSync(path.join(corpus, 'site-b.example'))).toBe(false);
    const [forced] = await add([path.join(inbox, 'repost.txt')], { url: 'https://site-b.example/9', force: true });
    expect(forced).toMatchObject({ status: 'added', match: first!.id });
    expect(forced!.id).toMatch(/^site-b\.example\//);
  });

  it('refuses binary, empty, blank and undecodable input with the reason, adding nothing', async () => {
    const { corpus, inbox, add } = setup();
    writeFileSync(path.join(inbox, 'bin.txt'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x01, 0x02, 0xff, 0x00]));
    writeFileSync(path.join(inbox, 'empty.txt'), '');
    writeFileSync(path.join(inbox, 'blank.md'), ' \n\t\n');
    writeFileSync(path.join(inbox, 'punct.txt'), '。。。！！！——');
    writeFileSync(path.join(inbox, 'data.csv'), 'a,b\n1,2\n');
    // Not valid UTF-8, GB18030 or Big5: a lone lead byte at the end of otherwise Chinese text.
    writeFileSync(path.join(inbox, 'broken.txt'), Buffer.concat([Buffer.from('中文内容', 'utf8'), Buffer.from([0xe4, 0xb8]), Buffer.from('更多', 'utf8'), Buffer.from([0x80])]));
    const rs = await add([inbox, path.join(inbox, 'missing.txt')]);
    const by = Object.fromEntries(rs.map((r) => [path.basename(r.input), r]));
    expect(by['bin.txt']).toMatchObject({ status: 'invalid', message: expect.stringMatching(/binary/) });
    expect(by['empty.txt']).toMatchObject({ status: 'invalid', message: 'is empty' });
    expect(by['blank.md']).toMatchObject({ status: 'invalid', message: expect.stringMatching(/no text/) });
    expect(by['punct.txt']).toMatchObject({ status: 'invalid', message: expect.stringMatching(/no letters or digits/) });
    expect(by['data.csv']).toMatchObject({ status: 'invalid', message: expect.stringMatching(/not a \.txt/) });
    expect(by['missing.txt']).toMatchObject({ status: 'invalid', message: 'not found' });
    expect(by['broken.txt']?.status).toBe('invalid');
    expect(rs.every((r) => r.status === 'invalid')).toBe(true);
    expect(listing(corpus).filter((f) => !f.startsWith('.'))).toEqual([]);
  });

  it('adds each record of a .jsonl file with its fields as metadata; bad lines are refused', async () => {
    const { corpus, inbox, add } = setup();
    const recs = [
      JSON.stringify({ id: 'r1', url: 'https://news.example.org/a', title: '标题一', text: SAMPLE }),
      'not json',
      JSON.stringify({ id: 'r3', html: `<html><body><article><p>${OTHER.split('\n').join('</p><p>')}</p></article></body></html>` }),
      JSON.stringify({ id: 'r4', title: '没有正文' }),
    ];
    writeFileSync(path.join(inbox, 'batch.jsonl'), `${recs.join('\n')}\n`);
    const rs = await add([path.join(inbox, 'batch.jsonl')], { source: 'dump-3' });
    expect(rs.map((r) => [path.basename(r.input), r.status])).toEqual([
      ['batch.jsonl:2', 'invalid'],
      ['batch.jsonl:4', 'invalid'],
      ['batch.jsonl:1', 'added'],
      ['batch.jsonl:3', 'added'],
    ]);
    const a = rs.find((r) => r.input.endsWith(':1'))!;
    expect(a.id).toMatch(/^news\.example\.org\//);
    expect(readJson(path.join(corpus, `${a.id}.txt.meta.json`))).toEqual({
      originalId: 'r1',
      url: 'https://news.example.org/a',
      title: '标题一',
      source: 'dump-3',
      added: '2025-01-02T03:04:05.000Z',
      from: 'batch.jsonl:1',
    });
    const b = rs.find((r) => r.input.endsWith(':3'))!;
    expect(b.id).toMatch(/^added\//);
    expect(existsSync(path.join(corpus, `${b.id}.html`))).toBe(true);
  });

  it('keeps its duplicate index in the store: a second add reads only new or changed corpus files', async () => {
    const { corpus, out, inbox, add } = setup();
    mkdirSync(path.join(corpus, 'old'));
    writeFileSync(path.join(corpus, 'old', 'x.txt'), OTHER);
    writeFileSync(path.join(inbox, 'a.txt'), SAMPLE);
    await add([path.join(inbox, 'a.txt')]);
    // The article already in the corpus (not added by qingxi add) was indexed too.
    writeFileSync(path.join(inbox, 'c.txt'), OTHER.replace(/，/g, ','));
    expect((await add([path.join(inbox, 'c.txt')]))[0]).toMatchObject({ status: 'duplicate', match: 'old/x' });
    const index = await DedupIndex.load(new Store(out));
    expect(await index.refresh(corpus)).toBe(0);
    writeFileSync(path.join(corpus, 'old', 'y.txt'), `${OTHER}\n新的一行。`);
    expect(await index.refresh(corpus)).toBe(1);
    expect(index.nearest(fingerprint(OTHER, false))?.id).toBe('old/x');
  });

  it('runs from the command line (npm run add -- ...): exit 0 when all were added, 1 when some were refused', async () => {
    const { corpus, out, inbox } = setup();
    writeFileSync(path.join(inbox, 'a.txt'), SAMPLE);
    const ok = await runCli(['add', path.join(inbox, 'a.txt'), '--corpus', corpus, '--out', out, '--url', 'https://example.net/p']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toMatch(/added .*a\.txt as example\.net\/[0-9a-f]{16}/);
    const dup = await runCli(['add', path.join(inbox, 'a.txt'), '--corpus', corpus, '--out', out]);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/refused .*a\.txt: exact duplicate, same text as article example\.net\//);
  });
});
