import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evidenceRows, occurrencesOf, parseEvidence, parseRows, serializeEvidence } from '../src/glossary/evidence-store.js';
import type { TermEvidence } from '../src/glossary/types.js';
import { DoneIndexBuilder, doneIndexText, parseDoneIndexText, readDoneIndex } from '../src/pipeline/done-index.js';
import { runPipeline } from '../src/pipeline/run.js';
import type { DoneMarker } from '../src/pipeline/tasks.js';
import { removeTemps, tempDir } from './helpers.js';
import { expectSameOutputs, lastRun, run, smallCorpus } from './incremental-helpers.js';

afterAll(removeTemps);

const ID = 'site/article';
const evidence: TermEvidence[] = [
  { kind: 'occurrence', term: '模型', count: 3, sentenceIds: [`${ID}:0:1`, `${ID}:2:0`], variants: [] },
  { kind: 'occurrence', term: '神经网络', count: 1, sentenceIds: [`${ID}:1:0`], variants: ['神經網絡'] },
  { kind: 'occurrence', term: '训练', count: 2, sentenceIds: [`${ID}:0:1`, 'other/article:0:0'], variants: [] },
  { kind: 'pair', term: '神经网络', english: ['neural network'], pattern: 'zh-en', sentenceId: `${ID}:1:0` },
];
const full = serializeEvidence(ID, evidence);
const marker = (id: string): DoneMarker => ({ id, prepKey: 'p', termsHash: 't', segKey: 's', matched: [] }) as unknown as DoneMarker;

describe('reduced evidence', () => {
  it('answers for the rows it kept exactly as the full evidence does', () => {
    const wanted = new Set(['模型', '训练', '不在']);
    const rows = evidenceRows(full, wanted);
    expect(rows.map((r) => r.split('\t')[0])).toEqual(['模型', '训练']);
    expect(parseRows(rows, ID)).toEqual(occurrencesOf(full, ID, wanted));
    expect(parseRows(evidenceRows(full), ID)).toEqual(parseEvidence(full).filter((e) => e.kind === 'occurrence'));
    const reduced = [full.slice(0, full.indexOf('\n')), ...rows].join('\n');
    expect(occurrencesOf(reduced, ID, wanted)).toEqual(occurrencesOf(full, ID, wanted));
    expect(parseEvidence(reduced).filter((e) => e.kind !== 'occurrence')).toEqual(evidence.filter((e) => e.kind !== 'occurrence'));
  });
});

describe('DoneIndexBuilder and readDoneIndex', () => {
  const dir = tempDir('qingxi-done-index-');
  const file = path.join(dir, 'done-index.json');

  it('keeps the head and the rows of every set an article was asked for, sorted by term', () => {
    const b = new DoneIndexBuilder(1 << 20);
    // Two passes, as the pipeline takes them: the terms wanted early, then the ones wanted late.
    b.take(ID, full, new Set(['训练']));
    b.take(ID, full, new Set(['模型']));
    const text = b.text('engine-1', new Set(['训练', '模型']), [marker(ID)])!;
    writeFileSync(file, text);
    const index = readDoneIndex(file, 'engine-1')!;
    expect([...index.wanted]).toEqual(['模型', '训练']);
    const entry = index.entries.get(ID)!;
    expect(entry.marker.id).toBe(ID);
    const both = new Set(['模型', '训练']);
    expect(occurrencesOf(entry.evidence, ID, both)).toEqual(occurrencesOf(full, ID, both));
    expect(evidenceRows(entry.evidence).map((r) => r.split('\t')[0])).toEqual(['模型', '训练']);
  });

  it('gives no index when an article was not taken, or when it would be too large', () => {
    const b = new DoneIndexBuilder(1 << 20);
    b.take(ID, full, new Set(['模型']));
    expect(b.text('e', new Set(['模型']), [marker(ID), marker('other/article')])).toBeUndefined();
    const small = new DoneIndexBuilder(10);
    small.take(ID, full, new Set(['模型']));
    expect(small.whole).toBe(false);
    expect(small.text('e', new Set(['模型']), [marker(ID)])).toBeUndefined();
  });

  it('is not read for another engine, damaged, or with a marker of a failure', () => {
    const b = new DoneIndexBuilder(1 << 20);
    b.take(ID, full, new Set(['模型']));
    writeFileSync(file, b.text('engine-1', new Set(['模型']), [marker(ID)])!);
    expect(readDoneIndex(file, 'engine-2')).toBeUndefined();
    expect(readDoneIndex(path.join(dir, 'absent.json'), 'engine-1')).toBeUndefined();
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 40));
    expect(readDoneIndex(file, 'engine-1')).toBeUndefined();
    const saved = parseDoneIndexText(b.text('engine-1', new Set(['模型']), [marker(ID)])!)!;
    writeFileSync(file, doneIndexText({ ...saved, articles: [[{ ...marker(ID), failed: { path: 'x', reason: 'y' } } as DoneMarker, '']] }));
    expect(readDoneIndex(file, 'engine-1')).toBeUndefined();
    // An evidence length past the end of the file, or text left over after the last article.
    writeFileSync(file, doneIndexText(saved).replace(/,(\d+)\]\]/, (_, n: string) => `,${Number(n) + 1}]]`));
    expect(readDoneIndex(file, 'engine-1')).toBeUndefined();
    writeFileSync(file, `${doneIndexText(saved)}x`);
    expect(readDoneIndex(file, 'engine-1')).toBeUndefined();
    writeFileSync(file, doneIndexText(saved));
    expect(readDoneIndex(file, 'engine-1')).toBeDefined();
  });
});

describe('the done index of a run', () => {
  const corpus = smallCorpus();
  const out = tempDir('qingxi-done-index-run-');
  const indexFile = path.join(out, '.qingxi', 'done-index.json');
  const markers = () => readdirSync(path.join(out, '.qingxi', 'done'), { recursive: true }).filter((f) => String(f).endsWith('.json')).length;

  it('is written by a run with every done article', async () => {
    const r = await run(corpus, out);
    expect(r.code, r.stderr).toBe(0);
    expect(lastRun(out).work.doneIndex).toBeUndefined();
    const index = parseDoneIndexText(readFileSync(indexFile, 'utf8'))!;
    expect(index.articles).toHaveLength(markers());
    // (Markers without their corpus.jsonl metadata: the marker files have it.)
    expect(index.articles.every(([m]) => m.jsonlMeta === undefined)).toBe(true);
    expect(index.articles).toHaveLength(8);
    expect(index.wanted.length).toBeGreaterThan(0);
  });

  it('stands for the markers of the next run; a term it lacks is taken from full evidence; outputs equal a fresh run', async () => {
    // The index as a run leaves it when its glossary did not want a term that the next glossary wants: the entry
    // of most documents, taken out of its wanted terms and of every article's rows.
    const index = parseDoneIndexText(readFileSync(indexFile, 'utf8'))!;
    const entries = JSON.parse(readFileSync(path.join(out, 'glossary.json'), 'utf8')) as { term: string; docs: number }[];
    const term = [...entries].sort((x, y) => y.docs - x.docs || (x.term < y.term ? -1 : 1))[0]!;
    expect(term.docs).toBeGreaterThanOrEqual(2);
    expect(index.wanted).toContain(term.term);
    index.wanted = index.wanted.filter((w) => w !== term.term);
    for (const a of index.articles) a[1] = a[1].split('\n').filter((line, i) => i === 0 || line.split('\t')[0] !== term.term).join('\n');
    writeFileSync(indexFile, doneIndexText(index));
    writeFileSync(path.join(corpus, 'b', 'stated.txt'), '新的说明\n\n今天我们只谈天气，明天再谈别的事情。\n');
    const r = await run(corpus, out);
    expect(r.code, r.stderr).toBe(0);
    const work = lastRun(out).work;
    expect(work.doneIndex?.markers).toBeGreaterThanOrEqual(7);
    expect(work.doneIndex?.fullEvidence).toBeGreaterThanOrEqual(2);
    expect(parseDoneIndexText(readFileSync(indexFile, 'utf8'))!.wanted).toContain(term.term);
    const ref = tempDir('qingxi-done-index-fresh-');
    const f = await run(corpus, ref);
    expect(f.code, f.stderr).toBe(0);
    expectSameOutputs(out, ref);
  });

  it('is removed before a run hands out its first segment task, and written again at its end', async () => {
    expect(existsSync(indexFile)).toBe(true);
    writeFileSync(path.join(corpus, 'b', 'stated.txt'), `新的说明\n\n本文讨论另一个问题：模型的训练需要大量数据。\n`);
    let seenDuringSegment: boolean | undefined;
    await runPipeline({
      corpus,
      out,
      concurrency: 1,
      onProgress: (_done, _total, what) => {
        if (what === 'segment' && seenDuringSegment === undefined) seenDuringSegment = existsSync(indexFile);
      },
    });
    expect(seenDuringSegment).toBe(false);
    expect(existsSync(indexFile)).toBe(true);
    const ref = tempDir('qingxi-done-index-fresh-');
    const f = await run(corpus, ref);
    expect(f.code, f.stderr).toBe(0);
    expectSameOutputs(out, ref);
  });

  it('stands only for articles whose output files are there (a one-file change has its thread check them)', async () => {
    expect(existsSync(indexFile)).toBe(true);
    const txt = readdirSync(path.join(out, 'articles', 'a'))[0]!;
    const f = path.join(out, 'articles', 'a', txt);
    const bytes = readFileSync(f);
    rmSync(f);
    // corpus.jsonl deleted too: built again whole, its metadata read from the marker files.
    rmSync(path.join(out, 'corpus.jsonl'));
    writeFileSync(path.join(corpus, 'b', 'stated.txt'), `新的说明\n\n今天我们谈一谈模型和数据。\n`);
    const r = await run(corpus, out);
    expect(r.code, r.stderr).toBe(0);
    const work = lastRun(out).work;
    expect(work).toMatchObject({ surveyed: 1, prepared: 1 });
    expect(work.doneIndex?.markers).toBeGreaterThan(0);
    expect(readFileSync(f).equals(bytes)).toBe(true);
    const ref = tempDir('qingxi-done-index-fresh-');
    expect((await run(corpus, ref)).code).toBe(0);
    expectSameOutputs(out, ref);
  });
});
