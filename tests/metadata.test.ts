import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMetaLine } from '../src/chrome/meta.js';
import { loadConfig } from '../src/config/load.js';
import { processArticle } from '../src/pipeline/article.js';
import { createProcessors } from '../src/pipeline/processor.js';
import type { ArticleRecord, SourceDoc } from '../src/types.js';
import { ROOT, sourceDoc } from './helpers.js';

function run(content: string, opts: Partial<SourceDoc> = {}, stages?: string[]): ArticleRecord {
  const config = loadConfig(path.join(ROOT, 'pipeline'));
  config.config.stages = (stages ?? config.config.stages).filter((s) => s !== 'segment') as typeof config.config.stages;
  return processArticle(sourceDoc(content, opts), createProcessors({ config, corpus: { templateLines: new Map() } }));
}

const BODY = [
  '本报讯 1月11日，某地举行春运志愿服务启动仪式，来自各行各业的数百名志愿者将在火车站、汽车站为旅客提供服务。',
  '据介绍，今年春运期间，志愿者将为老人、儿童和残障旅客提供引导、咨询和行李搬运等服务，预计服务旅客超过十万人次。',
  '志愿者代表表示，能在春运期间为旅客服务，是一件很有意义的事情，他们会尽最大努力让旅客感受到温暖。',
];

describe('byline lines', () => {
  it('give author, source and publication time', () => {
    expect(parseMetaLine('作者：舉大名耳')).toEqual({ author: '舉大名耳' });
    expect(parseMetaLine('来源公众号：AI新智能')).toEqual({ source: 'AI新智能' }); // lines are parsed in Simplified
    expect(parseMetaLine('来源：36kr')).toEqual({ source: '36kr' });
    expect(parseMetaLine('2011-12-09 18:51 来源：中广网 作者：记者 武彩霞')).toEqual({ author: '武彩霞', source: '中广网', published: '2011-12-09 18:51' });
    expect(parseMetaLine('发表于 2024-10-23 18:00:56 |只看该作者 |正序浏览')).toEqual({ published: '2024-10-23 18:00:56' });
    expect(parseMetaLine('【钟武达、陈世宗／综合报导】')).toEqual({ author: '钟武达、陈世宗' });
    expect(parseMetaLine('【联合报╱记者高诗琴／台北报导】')).toEqual({ author: '高诗琴' });
    expect(parseMetaLine('【世界日报╱广州12日电】')).toEqual({ source: '世界日报' });
    expect(parseMetaLine('06-18')).toEqual({ published: '06-18' });
  });

  it('are not sentences that mention a date, nor a user panel', () => {
    expect(parseMetaLine('2017年，8位谷歌的计算机科学家在这篇论文中，向全世界公开了Transformer算法。')).toBeUndefined();
    expect(parseMetaLine('截至10月初，Hugging face的开源LLM排行榜Top 10中，共有8个都是基于Llama 2所打造的。')).toBeUndefined();
    expect(parseMetaLine('注册:2010-4-284')).toBeUndefined();
    expect(parseMetaLine('大模型是不是有点太多了?')).toBeUndefined();
  });
});

describe('metadata stage', () => {
  it('moves the byline into the metadata and out of the text, each line recorded as metadata:<field>', () => {
    const rec = run(['某地举行春运志愿服务启动仪式', '2012-01-12 09:48 来源：本地日报', ...BODY, '作者：王小明'].join('\n'));
    expect(rec.meta).toMatchObject({ title: '某地举行春运志愿服务启动仪式', source: '本地日报', published: '2012-01-12 09:48', author: '王小明' });
    const text = rec.paragraphs.map((p) => p.sentences.map((s) => s.text).join('')).join('\n');
    expect(text).not.toMatch(/来源|2012-01-12|王小明/);
    expect(rec.removed.map((r) => r.rule).sort()).toEqual(['metadata:author', 'metadata:source']);
    const src = rec.removed.find((r) => r.rule === 'metadata:source')!;
    expect(src.detail).toBe('source=本地日报; published=2012-01-12 09:48');
  });

  it('keeps the title as the first paragraph, of kind title, in the Simplified metadata', () => {
    const rec = run(['反思國產大模型：如果泡沫不可避免，我們該如何面對？', ...BODY].join('\n'));
    expect(rec.paragraphs[0]!.kind).toBe('title');
    expect(rec.paragraphs[0]!.sentences.map((s) => s.original).join('')).toBe('反思國產大模型：如果泡沫不可避免，我們該如何面對？');
    expect(rec.meta.title).toBe('反思国产大模型：如果泡沫不可避免，我们该如何面对？');
  });

  it('does not take a bare date after the article (a list date) as the publication time', () => {
    const rec = run([...BODY, '相关新闻', '2012-01-10 09:30', '某地发布寒潮预警'].join('\n'));
    expect(rec.meta.published).toBeUndefined();
  });

  it('prefers a title given with the source (JSONL title) and marks the line that repeats it', () => {
    const rec = run(['春运志愿服务启动', ...BODY].join('\n'), { meta: { title: '春运志愿服务启动' } });
    expect(rec.meta.title).toBe('春运志愿服务启动');
    expect(rec.paragraphs[0]!.kind).toBe('title');
  });

  it('works without the chrome stage: the first line that reads like a title is the title', () => {
    const rec = run(['春运志愿服务启动', '来源：本地日报', ...BODY].join('\n'), {}, ['punctuation', 'script', 'metadata', 'reflow', 'sentences', 'convert']);
    expect(rec.meta.title).toBe('春运志愿服务启动');
    expect(rec.meta.source).toBe('本地日报');
  });

  it('reads author and date from HTML <meta> when the text does not state them', () => {
    const html = `<html><head><title>t</title><meta name="author" content="李四"><meta name="publishdate" content="2011-12-09"></head><body><h1>春运志愿服务启动</h1>${BODY.map((p) => `<p>${p}</p>`).join('')}</body></html>`;
    const rec = run(html, { format: 'html' });
    expect(rec.meta).toMatchObject({ author: '李四', published: '2011-12-09', title: '春运志愿服务启动' });
  });
});
