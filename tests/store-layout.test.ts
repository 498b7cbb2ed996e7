import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEvidence } from '../src/glossary/evidence-store.js';
import { markerText, parseMarker } from '../src/pipeline/marker.js';
import { parsePrepared, preparedText, readPreparedRecord, readPreparedSync, readPreparedTextSync } from '../src/pipeline/prepared.js';
import type { DoneMarker } from '../src/pipeline/tasks.js';
import type { ArticleRecord } from '../src/types.js';
import { removeTemps, tempDir } from './helpers.js';
import { expectSameOutputs, lastRun, run, sameBuild, smallCorpus } from './incremental-helpers.js';

afterAll(removeTemps);

/** Every file under `dir`, relative, with `/`. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

describe('the prepared file: text and record in one', () => {
  // (Only its shape matters here: the file stores whatever record it is given.)
  const rec = { id: 'a/x', paragraphs: [{ sentences: [{ text: '臺灣 AI\t模型' }] }], meta: { title: '標題\n二' } } as unknown as ArticleRecord;
  const text = '台湾AI模型\n第二句：“引号”😀';

  it('reads back the same text and record', async () => {
    const body = preparedText(text, rec);
    const buf = Buffer.from(body);
    expect(parsePrepared(buf)).toEqual({ text, record: rec });
    const file = path.join(tempDir('qingxi-prep-'), 'x.prep');
    writeFileSync(file, body);
    expect(readPreparedSync(file)).toEqual({ text, record: rec });
    expect(readPreparedTextSync(file)).toBe(text);
    expect(await readPreparedRecord(file)).toEqual(rec);
  });

  it('gives the text without parsing the record', () => {
    const file = path.join(tempDir('qingxi-prep-'), 'x.prep');
    writeFileSync(file, `${preparedText(text, rec).slice(0, -3)}`);
    expect(readPreparedTextSync(file)).toBe(text);
    expect(readPreparedSync(file)).toBeUndefined();
  });

  it('takes a missing, truncated or foreign file as a miss', async () => {
    const dir = tempDir('qingxi-prep-');
    const file = path.join(dir, 'x.prep');
    expect(readPreparedSync(file)).toBeUndefined();
    expect(readPreparedTextSync(file)).toBeUndefined();
    expect(await readPreparedRecord(file)).toBeUndefined();
    const body = Buffer.from(preparedText(text, rec));
    const headerEnd = body.indexOf(10);
    for (const bad of [body.subarray(0, headerEnd + 3), Buffer.from(JSON.stringify(rec)), Buffer.from(''), Buffer.from(`qingxi-prepared/1 x\n${text}{}`)]) {
      writeFileSync(file, bad);
      expect(readPreparedSync(file)).toBeUndefined();
      expect(readPreparedTextSync(file)).toBeUndefined();
      expect(await readPreparedRecord(file)).toBeUndefined();
    }
  });
});

describe('the marker file: marker and glossary evidence in one', () => {
  const marker: DoneMarker = { id: 'a/x', prepKey: 'p', termsHash: 't', segKey: 's', matched: ['模型'] };
  const evidence = '{"article":"a/x","other":[]}\n模型\t2\t0:1 3:2\nAI\t1\t=b/y:1\t["臺灣"]';

  it('reads back the marker and the evidence', () => {
    const stored = parseMarker(Buffer.from(markerText(marker, evidence)));
    expect(stored?.marker).toEqual(marker);
    expect(stored?.evidence?.toString()).toBe(evidence);
    expect(parseEvidence(stored!.evidence!.toString())).toEqual(parseEvidence(evidence));
  });

  it('a failure marker has no evidence; a done marker without evidence (an older build) is a miss', () => {
    const failed: DoneMarker = { ...marker, failed: { path: 'x.txt', reason: 'broken' } };
    expect(parseMarker(Buffer.from(markerText(failed)))).toEqual({ marker: failed });
    expect(parseMarker(Buffer.from(JSON.stringify(marker)))).toBeUndefined();
    expect(parseMarker(Buffer.from('{"id":'))).toBeUndefined();
    expect(parseMarker(Buffer.from('null'))).toBeUndefined();
  });
});

describe('store layout of a run', () => {
  const corpus = smallCorpus();
  const out = tempDir('qingxi-layout-');
  const store = path.join(out, '.qingxi');

  it('writes one prepared file and one marker file (with its evidence) per article', async () => {
    const r = await run(corpus, out);
    expect(r.code, r.stderr).toBe(0);
    const prepared = filesUnder(path.join(store, 'prepared'));
    expect(prepared).toHaveLength(8);
    expect(prepared.every((f) => f.endsWith('.prep'))).toBe(true);
    expect(existsSync(path.join(store, 'evidence'))).toBe(false);
    const markers = filesUnder(path.join(store, 'done'));
    expect(markers).toHaveLength(8);
    for (const f of markers) {
      const stored = parseMarker(readFileSync(path.join(store, 'done', f)));
      expect(stored?.marker.id).toBe(f.replace(/\.json$/, ''));
      expect(parseEvidence(stored!.evidence!.toString()).length).toBeGreaterThan(0);
    }
  });

  it('a store left by an older layout is cleaned up, and its markers without evidence are redone', async () => {
    // An older build's leftovers: evidence apart, the prepared text and record apart, a marker without evidence.
    const old = path.join(store, 'evidence', 'ab', 'ab12.json');
    mkdirSync(path.dirname(old), { recursive: true });
    writeFileSync(old, '{"article":"a/x","other":[]}');
    for (const suffix of ['.json', '.text']) writeFileSync(path.join(store, 'prepared', `cd34${suffix}`), '{}');
    const markerFile = path.join(store, 'done', 'a', '000_d96e26aee6ca39d7.json');
    const bytes = readFileSync(markerFile);
    const stored = parseMarker(bytes)!;
    writeFileSync(markerFile, JSON.stringify(stored.marker));
    // (Without a complete last run the store is swept whole, as after a run of another build.)
    rmSync(path.join(store, 'last-run.json'));
    const same = sameBuild();
    const r = await run(corpus, out);
    expect(r.code, r.stderr).toBe(0);
    if (same()) expect(lastRun(out).ids.segmented).toEqual(['a/000_d96e26aee6ca39d7']);
    expect(existsSync(path.join(store, 'evidence'))).toBe(false);
    expect(filesUnder(path.join(store, 'prepared')).every((f) => f.endsWith('.prep'))).toBe(true);
    expect(readFileSync(markerFile).equals(bytes)).toBe(true);
    const ref = tempDir('qingxi-layout-fresh-');
    const f = await run(corpus, ref);
    expect(f.code, f.stderr).toBe(0);
    expectSameOutputs(out, ref);
  });
});

describe('a store behind a symbolic link', () => {
  // (README, Speed: on a disk where creating files is costly, `.qingxi` can live on tmpfs or a faster disk.)
  const corpus = smallCorpus();
  const out = tempDir('qingxi-linked-out-');
  const target = tempDir('qingxi-linked-store-');
  symlinkSync(target, path.join(out, '.qingxi'));

  it('is used in place: the same outputs, re-runs reuse it, a full sweep keeps the link', async () => {
    const first = await run(corpus, out);
    expect(first.code, first.stderr).toBe(0);
    expect(lstatSync(path.join(out, '.qingxi')).isSymbolicLink()).toBe(true);
    expect(filesUnder(path.join(target, 'prepared'))).toHaveLength(8);
    const ref = tempDir('qingxi-linked-ref-');
    expect((await run(corpus, ref)).code).toBe(0);
    expectSameOutputs(out, ref);
    const same = sameBuild();
    const again = await run(corpus, out);
    expect(again.code, again.stderr).toBe(0);
    if (same()) expect(lastRun(out).work.segmented).toBe(0);
    // Without a complete last run, the output folders and the store are swept whole.
    rmSync(path.join(target, 'last-run.json'));
    const swept = await run(corpus, out);
    expect(swept.code, swept.stderr).toBe(0);
    expect(lstatSync(path.join(out, '.qingxi')).isSymbolicLink()).toBe(true);
    expect(filesUnder(path.join(target, 'prepared'))).toHaveLength(8);
    expectSameOutputs(out, ref);
  });
});
