import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { lineConverter } from '../src/chrome/line-converter.js';
import { MAX_MEMO_TEXT, memoized, TextMemo } from '../src/chrome/memo.js';
import { parseMetaLine } from '../src/chrome/meta.js';
import { lineKey } from '../src/chrome/template.js';
import { converterOf } from '../src/stages/convert.js';
import type { ArticleRecord, SourceDoc } from '../src/types.js';
import { ROOT, SAMPLE_CORPUS, sourceDoc } from './helpers.js';
import type { Root } from 'nlcst';
import { VFile } from 'vfile';
import { lineFeatures } from '../src/chrome/features.js';
import { loadLexicon } from '../src/chrome/lexicon.js';
import { computeLineKey, isTemplateCandidate } from '../src/chrome/template.js';
import { loadConfig } from '../src/config/load.js';
import { createProcessors } from '../src/pipeline/processor.js';
import { lineView, stripPartial } from '../src/stages/chrome.js';
import { articleData, siteOf } from '../src/stages/context.js';
import { simplifiedLine } from '../src/stages/convert.js';
import { lines, type LineNode } from '../src/stages/tree.js';
import type { Removal } from '../src/types.js';

const PIPELINE = path.join(ROOT, 'pipeline');

describe('text memories', () => {
  it('are bounded: cleared when full, very long texts not kept', () => {
    const m = new TextMemo<number>(3, 1000);
    m.set('a', 1);
    m.set('b', 2);
    m.set('c', 3);
    expect(m.size).toBe(3);
    m.set('d', 4);
    expect(m.size).toBe(1);
    expect(m.get('a')).toBeUndefined();
    expect(m.get('d')).toBe(4);
    const byChars = new TextMemo<number>(100, 10);
    byChars.set('12345678', 1);
    byChars.set('abc', 2);
    expect(byChars.get('12345678')).toBeUndefined();
    expect(byChars.get('abc')).toBe(2);
    const long = 'x'.repeat(MAX_MEMO_TEXT + 1);
    expect(new TextMemo<number>().set(long, 7)).toBe(7);
  });

  it('remember undefined results too, and call the function once per text', () => {
    const fn = vi.fn((s: string) => (s.length > 1 ? s.length : undefined));
    const m = memoized(fn);
    expect([m('a'), m('a'), m('abc'), m('abc')]).toEqual([undefined, undefined, 3, 3]);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('parseMetaLine gives equal, independent results when asked again', () => {
    const line = '2011-12-09 18:51 来源：中广网 作者：记者 武彩霞';
    const a = parseMetaLine(line)!;
    a.author = 'changed';
    expect(parseMetaLine(line)).toEqual({ author: '武彩霞', source: '中广网', published: '2011-12-09 18:51' });
    expect(parseMetaLine('模型架构选择只是第一步。')).toBeUndefined();
    expect(parseMetaLine('模型架构选择只是第一步。')).toBeUndefined();
  });

  it('lineKey gives the same key when asked again', () => {
    expect(lineKey('Ｃｏｐｙｒｉｇｈｔ © 1999-2023 C114')).toBe('copyright0c0');
    expect(lineKey('Ｃｏｐｙｒｉｇｈｔ © 1999-2023 C114')).toBe('copyright0c0');
  });

  it('the line converter converts as the converter it wraps, one wrapper per converter', () => {
    const tw = '為方便市民農曆新年外出，港鐵表示將加密班次。';
    expect(lineConverter('tw→cn')).toBe(lineConverter('tw→cn'));
    expect(lineConverter('tw→cn')(tw)).toBe(converterOf('tw→cn')(tw));
    expect(lineConverter('tw→cn')(tw)).toBe(converterOf('tw→cn')(tw));
    expect(lineConverter('none')).toBe(converterOf('none'));
  });
});

/** Documents that take every path of the chrome stage's memories: repeated chrome across a site, Traditional
 * text (a converter), partial rules, HTML blocks, the sample corpus. */
async function documents(): Promise<SourceDoc[]> {
  const { discover } = await import('../src/io/discover.js');
  const { readCorpusFile } = await import('../src/io/read.js');
  const docs: SourceDoc[] = [];
  for (const f of await discover(SAMPLE_CORPUS)) docs.push(...(await readCorpusFile(f)).docs);
  const nav = '首頁 | 新聞 | 體育 | 財經 | 科技';
  const foot = 'Copyright © 2024 某某網 版權所有';
  const para = (n: number) =>
    `據了解，今年預訂農民工團體票的門檻將低於往年，訂票總量達${n}張以上即可辦理，申請單位需攜帶書面申請，到車站辦理相關手續。`;
  for (let i = 0; i < 3; i++) {
    docs.push(
      sourceDoc(
        [nav, `春運火車票開始預訂 第${i}則`, '2024-01-0' + (i + 1) + ' 10:00 來源：某某網 作者：記者 王小明', para(i), '图片来源：Reuters 会议现场的照片，摄于今天上午的开幕式。', para(i + 10), '据报道，会议今天开幕，图片来源新华社', '相關新聞', '春運期間鐵路加開列車', '0 評論 2556 瀏覽', foot].join('\n'),
        { id: `tw.example/a${i}`, path: `tw.example/a${i}.txt` },
      ),
    );
  }
  docs.push(
    sourceDoc(
      `<html><head><title>春运火车票开始预订</title></head><body><div class="nav"><a href="/">首页</a> | <a href="/n">新闻</a> | <a href="/s">体育</a></div><article><h1>春运火车票开始预订</h1><p>来源：某某网 作者：张三</p><p>${para(3)}</p><p>${para(4)}</p></article><div class="footer">${foot}</div></body></html>`,
      { id: 'tw.example/h0', path: 'tw.example/h0.html', format: 'html', html: true },
    ),
  );
  return docs;
}

/** Fresh modules (empty memories): process `order` of `docs` with the corpus knowledge of all of them. */
async function processFresh(docs: SourceDoc[], order: number[]): Promise<Map<number, string>> {
  vi.resetModules();
  const { loadConfig } = await import('../src/config/load.js');
  const { templateKeys } = await import('../src/chrome/template.js');
  const { processArticle } = await import('../src/pipeline/article.js');
  const { createProcessors } = await import('../src/pipeline/processor.js');
  const { siteOf } = await import('../src/stages/context.js');
  const config = loadConfig(PIPELINE);
  const counts = new Map<string, Map<string, number>>();
  for (const d of docs) {
    const site = counts.get(siteOf(d)) ?? new Map<string, number>();
    counts.set(siteOf(d), site);
    for (const k of templateKeys(d)) site.set(k, (site.get(k) ?? 0) + 1);
  }
  const templateLines = new Map([...counts].map(([site, keys]) => [site, new Set([...keys].filter(([, n]) => n >= 2).map(([k]) => k))]));
  const procs = createProcessors({ config, corpus: { templateLines } }, ['segment']);
  const out = new Map<number, string>();
  for (const i of order) {
    const rec: ArticleRecord = processArticle(structuredClone(docs[i]!), procs);
    const { timeMs: _t, stageMs: _s, ...stats } = rec.stats;
    out.set(i, JSON.stringify({ ...rec, stats }));
  }
  return out;
}

/** The line nodes of `doc` as the chrome stage gets them (the stages before it run), and the article's converter. */
async function linesBeforeChrome(doc: SourceDoc): Promise<{ nodes: LineNode[]; converter: string }> {
  const config = loadConfig(PIPELINE);
  const procs = createProcessors({ config, corpus: { templateLines: new Map() } }, ['chrome', 'metadata', 'reflow', 'sentences', 'convert', 'segment']);
  const file = new VFile({ path: doc.path, value: doc.content });
  file.data.article = { source: doc, meta: { script: 'none', region: 'cn', converter: 'none', contentHash: '' }, removed: [], stageMs: {}, linesIn: 0 };
  const proc = doc.html ? procs.html : procs.text;
  const tree = proc.runSync(proc.parse(file), file) as Root;
  return { nodes: lines(tree), converter: articleData(file).meta.converter };
}

describe('chrome stage memories', () => {
  it('see every line as the unremembered computation does (partial rules, Simplified text, features, key)', async () => {
    const lex = loadLexicon(path.join(PIPELINE, 'chrome-lexicon.json'));
    const docs = await documents();
    let stripped = 0;
    for (let pass = 0; pass < 2; pass++) {
      for (const doc of docs) {
        const site = siteOf(doc);
        const a = await linesBeforeChrome(doc);
        const b = await linesBeforeChrome(doc);
        expect(a.converter).toBe(b.converter);
        const removedA: Removal[] = [];
        const removedB: Removal[] = [];
        a.nodes.forEach((nodeA, i) => {
          const view = lineView(lex, nodeA, lineConverter(a.converter), site, removedA);
          // The computation before the memories, step by step.
          const nodeB = b.nodes[i]!;
          const conv = converterOf(b.converter);
          stripPartial(lex, nodeB, conv, removedB);
          const simp = simplifiedLine(nodeB.data.line.text, conv);
          expect(nodeA.data.line.text.text).toBe(nodeB.data.line.text.text);
          expect(view.simp).toBe(simp);
          expect(view.f).toEqual(lineFeatures(lex, simp, nodeB.data.line.dom, site));
          expect(view.key).toBe(computeLineKey(nodeB.data.line.text.text));
          expect(view.facts.candidate).toBe(isTemplateCandidate(view.key));
        });
        expect(removedA).toEqual(removedB);
        stripped += removedB.length;
      }
    }
    expect(stripped).toBeGreaterThanOrEqual(4);
  }, 60000);

  it('give the same records whatever was processed before (cold, warm, any order)', async () => {
    const docs = await documents();
    const order = docs.map((_, i) => i);
    const cold = await processFresh(docs, order);
    const warm = await processFresh(docs, [...order].reverse().concat([...order].reverse()));
    for (const i of order) expect(warm.get(i), docs[i]!.id).toBe(cold.get(i));
    // The documents do reach the memories' paths: template lines, a partial rule, a converted text.
    const all = [...cold.values()].join('\n');
    expect(all).toContain('"rule":"template"');
    expect(all).toContain('"rule":"lexicon:image-credit"');
    expect(all).toMatch(/"converter":"[a-z]+→cn"/);
  }, 60000);
});
