import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTemps, ROOT, tempDir } from './helpers.js';
import { expectSameOutputs, fileStamps, lastRun, run, sameBuild, smallCorpus } from './incremental-helpers.js';

// Incremental runs with the built CLI: each step's outputs must equal those of a fresh run over the same corpus,
// and only the articles that changed (or that a changed corpus-wide input touches) may be processed again.
afterAll(removeTemps);

/** A fresh run over `corpus` in a new folder (the reference an incremental run must equal). */
async function fresh(corpus: string): Promise<string> {
  const out = tempDir('qingxi-inc-fresh-');
  const r = await run(corpus, out);
  expect(r.code, r.stderr).toBe(0);
  return out;
}

describe('incremental runs', () => {
  const corpus = smallCorpus();
  const out = tempDir('qingxi-inc-out-');

  it('a second run with no change processes nothing and rewrites no file', async () => {
    const first = await run(corpus, out);
    expect(first.code, first.stderr).toBe(0);
    expect(lastRun(out).work.prepared).toBe(8);
    const before = fileStamps(out);
    const same = sameBuild();
    const second = await run(corpus, out);
    expect(second.code, second.stderr).toBe(0);
    if (!same()) return;
    const w = lastRun(out).work;
    expect(w).toMatchObject({ surveyed: 0, prepared: 0, segmented: 0, preparedReused: 8, segmentedReused: 8, removed: 0, discovery: false, corpusOutputs: [] });
    expect(fileStamps(out)).toEqual(before);
    expect(second.stderr).toMatch(/0 article\(s\) cleaned, 0 segmented and written, 8 left as they were/);
  });

  it('touching a file (same bytes) decodes it again but reprocesses nothing', async () => {
    const f = path.join(corpus, 'a', '000_d96e26aee6ca39d7.txt');
    writeFileSync(f, readFileSync(f));
    const same = sameBuild();
    const r = await run(corpus, out);
    expect(r.code, r.stderr).toBe(0);
    if (same()) expect(lastRun(out).work).toMatchObject({ surveyed: 1, prepared: 0, segmented: 0 });
  });

  it('an output file deleted by hand is written again', async () => {
    const f = path.join(out, 'aligned', 'a', '001_f67e12d98019297f.tsv');
    const bytes = readFileSync(f);
    rmSync(f);
    const r = await run(corpus, out);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(f).equals(bytes)).toBe(true);
  });

  it('an added article is processed; the outputs equal a fresh run', async () => {
    const before = fileStamps(out);
    // The saved counts (line counts, term-discovery counts): one added article does not make them be written again.
    const counts = ['templates', 'discovery'].map((kind) => path.join(out, '.qingxi', kind, readdirSync(path.join(out, '.qingxi', kind))[0]!));
    const countStamps = counts.map((f) => statSync(f).mtimeMs);
    const text = readFileSync(path.join(ROOT, 'corpus', '001_f67e12d98019297f.txt'), 'utf8').split('\n');
    writeFileSync(path.join(corpus, 'b', 'added.txt'), text.slice(Math.floor(text.length / 2)).join('\n'));
    const same = sameBuild();
    const r = await run(corpus, out);
    expect(r.code, r.stderr).toBe(0);
    const last = lastRun(out);
    expect(last.ids.prepared).toContain('b/added');
    if (same()) {
      expect(last.work.surveyed).toBe(1);
      expect(last.work.discoveryDelta).toEqual({ removed: 0, added: 1 });
      // A one-file change's thread loads jieba's dictionary between its prepare and segment tasks (no term was
      // dropped, so nothing makes it load again): none of the segment tasks waits for it.
      expect(last.work.segmented).toBeGreaterThan(0);
      expect(last.stageMs.dictionaryLoad).toBeUndefined();
      expect(counts.map((f) => statSync(f).mtimeMs)).toEqual(countStamps);
      // Template lines are per site: the other site's articles cannot be affected.
      expect(last.ids.prepared.filter((id) => id.startsWith('a/'))).toEqual([]);
      // Articles whose result did not change keep their files untouched.
      const after = fileStamps(out);
      for (const [file, stamp] of before) {
        const id = file.replace(/^(articles|aligned)\//, '').replace(/\.(txt|json|tsv)$/, '');
        if (file.startsWith('articles/') || file.startsWith('aligned/')) {
          if (!last.ids.segmented.includes(id)) expect(after.get(file), file).toBe(stamp);
        }
      }
    }
    expectSameOutputs(out, await fresh(corpus));
  });

  it('an edited article is processed again; the outputs equal a fresh run', async () => {
    const f = path.join(corpus, 'b', 'short-002_1539d43226c0d4de.txt');
    writeFileSync(f, `${readFileSync(f, 'utf8')}\n补充一段新的文字，说明文章已经更新。\n`);
    const same = sameBuild();
    const r = await run(corpus, out);
    expect(r.code, r.stderr).toBe(0);
    expect(lastRun(out).ids.prepared).toContain('b/short-002_1539d43226c0d4de');
    if (same()) {
      expect(lastRun(out).ids.prepared).toEqual(['b/short-002_1539d43226c0d4de']);
      // Term discovery took the old version's counts out of its saved state and added the new version's, and the
      // article the last run added again (a run that adds a few articles leaves the saved counts as they were).
      expect(lastRun(out).work.discoveryDelta).toEqual({ removed: 1, added: 2 });
    }
    expectSameOutputs(out, await fresh(corpus));
  });

  it('a removed article loses its outputs; the outputs equal a fresh run', async () => {
    rmSync(path.join(corpus, 'b', 'short-003_10674204aa50ccb3.txt'));
    const same = sameBuild();
    const r = await run(corpus, out);
    expect(r.code, r.stderr).toBe(0);
    expect(lastRun(out).ids.removed).toEqual(['b/short-003_10674204aa50ccb3']);
    if (same()) {
      expect(lastRun(out).work.prepared).toBe(0);
      expect(lastRun(out).work.discoveryDelta).toEqual({ removed: 1, added: 0 });
    }
    expectSameOutputs(out, await fresh(corpus));
  });

  it('a configuration change redoes every article', async () => {
    const pipeline = tempDir('qingxi-inc-pipeline-');
    cpSync(path.join(ROOT, 'pipeline'), pipeline, { recursive: true });
    const cfg = JSON.parse(readFileSync(path.join(pipeline, 'pipeline.json'), 'utf8')) as { punctuation: { fullWidthPunctuation: boolean } };
    cfg.punctuation.fullWidthPunctuation = !cfg.punctuation.fullWidthPunctuation;
    writeFileSync(path.join(pipeline, 'pipeline.json'), JSON.stringify(cfg, null, 2));
    const r = await run(corpus, out, '--pipeline', pipeline);
    expect(r.code, r.stderr).toBe(0);
    expect(lastRun(out).work).toMatchObject({ surveyed: 8, prepared: 8, segmented: 8 });
  });
});

describe('template lines: exactly the articles a new template line touches are redone', () => {
  // Site "s": articles 1 and 2 end with the same footer line, 3 and 4 do not. With templateMinArticles = 3 the
  // footer is not a template line until a third article with it arrives.
  const footer = '东风夜放花千树，更吹落、星如雨。';
  const body = (n: number) =>
    `示例新闻第${n}号\n\n` +
    `${'今天上午，市政府召开新闻发布会，介绍了本市交通建设的最新进展和下一步计划。'.repeat(2)}第${n}段内容各不相同，记者${'甲乙丙丁戊己'[n]}报道。\n\n` +
    `${'据介绍，新建的地铁线路将于年底开通，沿线居民出行将更加方便。'.repeat(2)}编号${n * 7919}。\n`;
  const corpus = tempDir('qingxi-tpl-corpus-');
  const out = tempDir('qingxi-tpl-out-');
  const write = (n: number, withFooter: boolean) => writeFileSync(path.join(corpus, 's', `${n}.txt`), `${body(n)}${withFooter ? `\n${footer}\n` : ''}`);

  it('redoes the articles holding the line, and only those', async () => {
    mkdirSync(path.join(corpus, 's'), { recursive: true });
    mkdirSync(path.join(corpus, 'other'), { recursive: true });
    cpSync(path.join(ROOT, 'corpus', '000_d96e26aee6ca39d7.txt'), path.join(corpus, 'other', 'x.txt'));
    write(1, true);
    write(2, true);
    write(3, false);
    write(4, false);
    const first = await run(corpus, out);
    expect(first.code, first.stderr).toBe(0);
    write(5, true);
    const same = sameBuild();
    const second = await run(corpus, out);
    expect(second.code, second.stderr).toBe(0);
    // 5 is new; 1 and 2 hold the line that just became a template line; 3, 4 and the other site are untouched.
    if (same()) expect(lastRun(out).ids.prepared).toEqual(['s/1', 's/2', 's/5']);
    expectSameOutputs(out, await fresh(corpus));
  });

  it('a metadata sidecar added, changed or removed beside an article makes it be read again', async () => {
    const sidecar = path.join(corpus, 's', '3.txt.meta.json');
    const title = () => (JSON.parse(readFileSync(path.join(out, 'articles', 's', '3.json'), 'utf8')) as { meta: { title?: string } }).meta.title;
    for (const meta of [{ title: '侧车标题' }, { title: '另一个标题' }, undefined]) {
      if (meta) writeFileSync(sidecar, JSON.stringify(meta));
      else rmSync(sidecar);
      const same = sameBuild();
      const r = await run(corpus, out);
      expect(r.code, r.stderr).toBe(0);
      if (same()) expect(lastRun(out).work).toMatchObject({ surveyed: 1, prepared: 1 });
      if (meta) expect(title()).toBe(meta.title);
      else expect(title()).not.toBe('另一个标题');
      expectSameOutputs(out, await fresh(corpus));
    }
  });
});

describe('the sweep of an output folder at the end of a run', () => {
  const corpus = smallCorpus();

  it('a folder with no record of a complete run is swept: leftovers of other runs go', async () => {
    const reference = await fresh(corpus);
    const out = tempDir('qingxi-inc-leftovers-');
    // What a killed run over a larger corpus could have left: an article's outputs and marker, a temporary file.
    mkdirSync(path.join(out, 'articles', 'gone'), { recursive: true });
    mkdirSync(path.join(out, 'aligned', 'gone'), { recursive: true });
    writeFileSync(path.join(out, 'articles', 'gone', 'x.txt'), 'left over\n');
    writeFileSync(path.join(out, 'articles', 'gone', 'x.json'), '{}\n');
    writeFileSync(path.join(out, 'aligned', 'gone', 'x.tsv'), 'id\n');
    writeFileSync(path.join(out, 'articles', '.a.json.1.2.abc.0.tmp'), '{');
    const r = await run(corpus, out);
    expect(r.code, r.stderr).toBe(0);
    expect(lastRun(out).work.removed).toBe(1);
    expectSameOutputs(out, reference);
    const names = readdirSync(out, { recursive: true }).map(String);
    expect(names.filter((n) => n.includes('gone') || n.endsWith('.tmp'))).toEqual([]);
  });

  it('a new folder (not swept) holds exactly the outputs, and no temporary file', async () => {
    const reference = await fresh(corpus);
    const out = path.join(tempDir('qingxi-inc-new-'), 'not', 'made', 'yet');
    const r = await run(corpus, out);
    expect(r.code, r.stderr).toBe(0);
    expectSameOutputs(out, reference);
    expect(readdirSync(out, { recursive: true }).map(String).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
