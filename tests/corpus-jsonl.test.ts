import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeCorpusJsonl, type CorpusKeys, type CorpusLine } from '../src/output/corpus-jsonl.js';
import { articlePaths } from '../src/output/article-files.js';
import { removeTemps, tempDir } from './helpers.js';

afterAll(removeTemps);

function setText(out: string, id: string, text: string): void {
  const f = articlePaths(out, id).txt;
  mkdirSync(path.dirname(f), { recursive: true });
  writeFileSync(f, text);
}

describe('corpus.jsonl', () => {
  it('copies the lines of articles whose result key is unchanged, builds the others, and keeps id order', () => {
    const out = tempDir();
    const ids = ['a/1', 'b/2', 'b/3', 'c/4'];
    for (const id of ids) setText(out, id, `${id} 的正文`);
    const lines: CorpusLine[] = ids.map((id) => ({ id, meta: { n: id.length }, segKey: `k-${id}` }));
    writeCorpusJsonl(out, lines, 'store');
    const first = readFileSync(path.join(out, 'corpus.jsonl'), 'utf8');
    expect(first.trimEnd().split('\n').map((l) => JSON.parse(l).id)).toEqual(ids);
    const keysFile = path.join(out, 'keys.json');
    writeFileSync(keysFile, JSON.stringify(lines.map((l) => [l.id, l.segKey]) satisfies CorpusKeys));

    // Same keys: the file is copied line for line (even a text changed behind the keys' back is not read again).
    setText(out, 'b/2', '改过的正文');
    writeCorpusJsonl(out, lines, 'store', keysFile);
    expect(readFileSync(path.join(out, 'corpus.jsonl'), 'utf8')).toBe(first);

    // b/2 has a new result, b/3 left, b/25 came: those lines are built from their texts, the rest copied.
    setText(out, 'b/25', '新文章');
    const next: CorpusLine[] = [lines[0]!, { ...lines[1]!, segKey: 'new' }, { id: 'b/25', meta: {}, segKey: 'k' }, lines[3]!];
    writeCorpusJsonl(out, next, 'store', keysFile);
    const got = readFileSync(path.join(out, 'corpus.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(got.map((l) => [l.id, l.text])).toEqual([
      ['a/1', 'a/1 的正文'],
      ['b/2', '改过的正文'],
      ['b/25', '新文章'],
      ['c/4', 'c/4 的正文'],
    ]);
    // Built fresh, the same file.
    const fresh = tempDir();
    for (const l of next) setText(fresh, l.id, readFileSync(articlePaths(out, l.id).txt, 'utf8'));
    writeCorpusJsonl(fresh, next, 'store');
    expect(readFileSync(path.join(out, 'corpus.jsonl'), 'utf8')).toBe(readFileSync(path.join(fresh, 'corpus.jsonl'), 'utf8'));
  });

  it('copies lines longer than its read buffer, and lines that cross its blocks, byte for byte', () => {
    const out = tempDir();
    // Texts of 3 MB (larger than the 1 MiB buffer, which grows) and many short ones around them.
    const ids = Array.from({ length: 3000 }, (_, i) => `s/${String(i).padStart(5, '0')}`);
    const textOf = (i: number) => (i % 1000 === 7 ? '长'.repeat(1 << 20) : `第${i}篇 ${'字'.repeat(i % 300)}`);
    ids.forEach((id, i) => setText(out, id, textOf(i)));
    const lines: CorpusLine[] = ids.map((id) => ({ id, meta: { id }, segKey: id }));
    writeCorpusJsonl(out, lines, 'store');
    const first = readFileSync(path.join(out, 'corpus.jsonl'));
    const keysFile = path.join(out, 'keys.json');
    writeFileSync(keysFile, JSON.stringify(lines.map((l) => [l.id, l.segKey])));
    // Every text changed behind the keys' back: a copied line keeps the old text, a built one shows the new.
    ids.forEach((id) => setText(out, id, 'changed'));
    const next = lines.map((l, i) => (i === 1500 ? { ...l, segKey: 'new' } : l));
    writeCorpusJsonl(out, next, 'store', keysFile);
    const got = readFileSync(path.join(out, 'corpus.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(got.length).toBe(3000);
    got.forEach((l, i) => expect([l.id, l.text]).toEqual([ids[i], i === 1500 ? 'changed' : textOf(i)]));
    const without = readFileSync(path.join(out, 'corpus.jsonl'), 'utf8').split('\n');
    const before = first.toString('utf8').split('\n');
    expect(without.filter((_, i) => i !== 1500)).toEqual(before.filter((_, i) => i !== 1500));
  });

  it('builds every line when the keys do not describe the file (missing keys, edited or truncated file)', () => {
    const out = tempDir();
    const ids = ['x', 'y'];
    for (const id of ids) setText(out, id, `text ${id}`);
    const lines: CorpusLine[] = ids.map((id) => ({ id, meta: null, segKey: id }));
    const keysFile = path.join(out, 'keys.json');
    writeFileSync(keysFile, JSON.stringify(lines.map((l) => [l.id, l.segKey])));
    writeFileSync(path.join(out, 'corpus.jsonl'), '{"id":"y","text":"stale"}\n');
    writeCorpusJsonl(out, lines, 'store', keysFile);
    expect(readFileSync(path.join(out, 'corpus.jsonl'), 'utf8')).toBe('{"id":"x","text":"text x","meta":null}\n{"id":"y","text":"text y","meta":null}\n');
    writeCorpusJsonl(out, lines, 'store', path.join(out, 'no-such-keys.json'));
    expect(readFileSync(path.join(out, 'corpus.jsonl'), 'utf8')).toBe('{"id":"x","text":"text x","meta":null}\n{"id":"y","text":"text y","meta":null}\n');
  });

  it('reads the metadata of a line from the marker of its article when the line has none (markers of the done index)', () => {
    const out = tempDir();
    setText(out, 'x', 'text x');
    const marker = path.join(out, '.qingxi', 'done', 'x.json');
    mkdirSync(path.dirname(marker), { recursive: true });
    writeFileSync(marker, `${JSON.stringify({ id: 'x', jsonlMeta: { title: 'T' } })}\nevidence`);
    writeCorpusJsonl(out, [{ id: 'x', segKey: 'k' }], 'store');
    expect(readFileSync(path.join(out, 'corpus.jsonl'), 'utf8')).toBe('{"id":"x","text":"text x","meta":{"title":"T"}}\n');
    rmSync(marker);
    expect(() => writeCorpusJsonl(out, [{ id: 'x', segKey: 'k' }], 'store')).toThrow(/holds no metadata/);
  });
});
