import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentScore, domCue, lineFeatures, nameTokens, unspace } from '../src/chrome/features.js';
import { compileLexicon, loadLexicon, matchRule } from '../src/chrome/lexicon.js';
import { bestRegion, lineWeight } from '../src/chrome/region.js';
import { htmlLines, lineKey, templateKeys } from '../src/chrome/template.js';
import { decisions, explainText } from '../src/commands/explain.js';
import { loadConfig } from '../src/config/load.js';
import { processArticle } from '../src/pipeline/article.js';
import { createProcessors } from '../src/pipeline/processor.js';
import type { ArticleRecord, SourceDoc } from '../src/types.js';
import { ROOT, sourceDoc } from './helpers.js';

const PIPELINE = path.join(ROOT, 'pipeline');
const lex = loadLexicon(path.join(PIPELINE, 'chrome-lexicon.json'));

/** The pipeline without segmentation (faster; chrome decisions do not depend on it), with optional template lines. */
function processors(templates: Record<string, string[]> = {}) {
  const config = loadConfig(PIPELINE);
  config.config.stages = config.config.stages.filter((s) => s !== 'segment');
  const templateLines = new Map(Object.entries(templates).map(([site, keys]) => [site, new Set(keys)]));
  return createProcessors({ config, corpus: { templateLines } });
}

function run(content: string, opts: Partial<SourceDoc> = {}, templates: Record<string, string[]> = {}): { rec: ArticleRecord; text: string } {
  const rec = processArticle(sourceDoc(content, opts), processors(templates));
  const text = rec.paragraphs.map((p) => p.sentences.map((s) => s.original).join('')).join('\n');
  return { rec, text };
}

const ruleOf = (rec: ArticleRecord, needle: string) => rec.removed.find((r) => r.text.includes(needle))?.rule;

describe('line features and score', () => {
  const f = (s: string) => lineFeatures(lex, s, undefined);
  it('scores running text high and menus, dates and counters low', () => {
    const prose = f('据了解，今年预订农民工团体票的门槛将低于往年，订票总量达10张以上即可办理，申请单位需携带书面申请。');
    expect(contentScore(prose)).toBeGreaterThan(0.8);
    expect(contentScore(f('首页 | 新闻 | 体育 | 财经 | 科技'))).toBeLessThan(-0.5);
    expect(contentScore(f('2024-05-01 22:56'))).toBeLessThan(-0.9);
    expect(f('2024-05-01 22:56').dateOnly).toBe(true);
    expect(f('0 评论 2556 浏览 2 收藏 12 分钟').rule).toBe('counter'); // lines are matched in Simplified
    expect(f('网易 > 新闻中心 > 滚动新闻 > 正文').menu).toBe(true);
  });

  it('keeps short plain lines (headings, captions) near zero rather than strongly negative', () => {
    const heading = contentScore(f('建在玻璃上的护城河'));
    expect(heading).toBeGreaterThan(-0.5);
    expect(heading).toBeLessThan(0.5);
  });

  it('sees a list of headlines joined by spaces, and letter-spaced text as text', () => {
    expect(f('台北》路口告急 催票卡实在 倒数三天 郝留台北市固票 倒数计时掀底牌 蓝绿各打天王牌').gaps).toBeGreaterThanOrEqual(4);
    expect(unspace('港 鐵 表 示，為 方 便 市 民 農 曆 新 年 外 出')).toBe('港鐵表示，為方便市民農曆新年外出');
    expect(unspace('Hugging face 的 开源 LLM 排行榜')).toBe('Hugging face 的 开源 LLM 排行榜');
  });

  it('matches whole-line lexicon rules on the Simplified line, site rules first', () => {
    expect(matchRule(lex, '扫描下载App')?.id).toBe('share');
    expect(matchRule(lex, '图片来源@视觉中国')?.id).toBe('image-credit');
    expect(matchRule(lex, '版权声明：本文内容由互联网用户自发贡献')?.id).toBe('copyright');
    expect(matchRule(lex, '模型架构选择只是第一步。')).toBeUndefined();
    const custom = compileLexicon({ rules: [], sites: { 'example.com': [{ id: 'site-footer', exact: ['本站由某某赞助'] }] } });
    expect(matchRule(custom, '本站由某某赞助', 'example.com')?.id).toBe('site-footer');
    expect(matchRule(custom, '本站由某某赞助', 'other.org')).toBeUndefined();
  });

  it('reads DOM cues from class and id names, the nearest one winning', () => {
    expect(nameTokens('relatedNews-box_top')).toEqual(['related', 'news', 'box', 'top']);
    const cue = (p: string[]) => domCue(lex, { tag: 'p', path: p, linkDensity: 0 });
    expect(cue(['html', 'body', 'div.footer', 'p'])).toBe('chrome:footer');
    expect(cue(['html', 'body', 'div#sidebar', 'div.article-content', 'p'])).toBe('content:article');
    expect(cue(['html', 'body', 'div.article', 'div.share-bar', 'p'])).toBe('chrome:share');
    expect(cue(['html', 'body', 'nav', 'ul', 'li'])).toBe('chrome:nav');
    // "header" and "shadow" are not the token "ad"
    expect(cue(['html', 'body', 'div.shadow', 'p'])).toBeUndefined();
  });
});

describe('best region', () => {
  it('is the contiguous run with the largest sum, crossing small negatives inside', () => {
    expect(bestRegion([-5, -3, 10, -2, 12, -20, 4])).toEqual({ start: 2, end: 5, sum: 20 });
    expect(bestRegion([-1, -2]).sum).toBe(0);
  });
  it('weighs content by its size and chrome by its count more than its size', () => {
    expect(lineWeight(1, 100)).toBe(104);
    expect(lineWeight(-1, 100)).toBe(-36);
    expect(lineWeight(-1, 2)).toBe(-7);
  });
});

describe('template keys', () => {
  it('fold width, punctuation, white space and digits', () => {
    expect(lineKey('Ｃｏｐｙｒｉｇｈｔ © 1999-2023 C114')).toBe(lineKey('copyright 2000-2024 c114'));
    expect(lineKey('相关 文章：')).toBe('相关文章');
  });
  it('are each line once, from text or from HTML blocks (scripts skipped, entities decoded)', () => {
    const text = templateKeys(sourceDoc('首页\n正文第一段，很长。\n首页\n\n7'));
    expect(text.sort()).toEqual(['正文第一段很长', '首页'].sort());
    const html = '<html><head><title>t</title></head><body><div class="nav">首页&nbsp;|&nbsp;新闻</div><script>var a="不是"</script><p>第一段<b>加粗</b>文字</p><br>关于我们</body></html>';
    expect(htmlLines(html).map(lineKey).filter(Boolean)).toEqual(['首页新闻', '第一段加粗文字', '关于我们']);
    expect(templateKeys(sourceDoc(html, { format: 'html' }))).toContain('关于我们');
  });
});

const PAGE = [
  '首页 | 新闻 | 体育 | 财经 | 科技 | 娱乐',
  '登录',
  '注册',
  '热门推荐',
  '某地举行春运志愿服务启动仪式',
  '2012-01-12 09:48 来源：本地日报 作者：王小明',
  '分享到：',
  '图片来源@视觉中国',
  '本报讯 1月11日，某地举行春运志愿服务启动仪式，来自各行各业的数百名志愿者将在火车站、汽车站为旅客提供服务。',
  '活动现场',
  '据介绍，今年春运期间，志愿者将为老人、儿童和残障旅客提供引导、咨询和行李搬运等服务，预计服务旅客超过十万人次。',
  '志愿者代表表示，能在春运期间为旅客服务，是一件很有意义的事情，他们会尽最大努力让旅客感受到温暖。',
  '图片来自 Github，作者 Mooler 这是一张活动现场的照片，显示了志愿者在车站服务的情景。',
  '免责声明：本文仅代表作者个人观点，与本网无关。',
  '相关新闻',
  '2012-01-11 08:00',
  '某市地铁延长运营时间',
  '2012-01-10 09:30',
  '某地发布寒潮预警',
  'Copyright © 2012 Example All Rights Reserved',
].join('\n');

describe('chrome stage on a text dump', () => {
  it('keeps the title, the article and its short heading; removes the chrome around and inside', () => {
    const { rec, text } = run(PAGE);
    expect(text.split('\n')[0]).toBe('某地举行春运志愿服务启动仪式');
    expect(rec.paragraphs[0]!.kind).toBe('title');
    expect(text).toContain('活动现场');
    expect(text).toContain('志愿者代表表示');
    for (const chrome of ['首页', '登录', '热门推荐', '分享到', '视觉中国', '免责声明', '相关新闻', '地铁延长', '寒潮预警', 'Copyright']) {
      expect(text, chrome).not.toContain(chrome);
    }
    expect(ruleOf(rec, '图片来源@视觉中国')).toBe('lexicon:image-credit');
    expect(ruleOf(rec, '免责声明')).toBe('lexicon:copyright');
    expect(ruleOf(rec, '首页 | 新闻')).toBe('outside-body');
    expect(ruleOf(rec, 'Copyright')).toBe('lexicon:copyright');
  });

  it('cuts an image credit out of the sentence it shares a line with', () => {
    const { rec, text } = run(PAGE);
    expect(text).toContain('这是一张活动现场的照片');
    expect(text).not.toContain('Mooler');
    const cut = rec.removed.find((r) => r.text.includes('Mooler'))!;
    expect(cut.rule).toBe('lexicon:image-credit');
    expect(cut.detail).toBe('part of a line');
    expect(PAGE.slice(cut.start, cut.end)).toBe(cut.text);
  });

  it('records every removal with its source span, a rule and a score', () => {
    const { rec } = run(PAGE);
    for (const r of rec.removed) {
      expect(PAGE.slice(r.start, r.end).replace(/\s+/g, '')).toBe(r.text.replace(/\s+/g, ''));
      expect(r.detail).toBeTruthy();
    }
    const scored = rec.removed.filter((r) => !r.rule.startsWith('metadata:') && r.detail !== 'part of a line');
    for (const r of scored) expect(r.detail).toMatch(/^score -?\d\.\d\d/);
  });

  it('removes lines that repeat across the articles of the site (template), even inside the body', () => {
    const boiler = '欢迎关注我们的官方账号获取更多资讯与活动信息，每天更新。';
    const page = PAGE.replace('活动现场', `活动现场\n${boiler}`);
    const { rec, text } = run(page, { id: 'site/a' }, { site: [lineKey(boiler)] });
    expect(text).not.toContain('欢迎关注我们的官方账号');
    expect(ruleOf(rec, '欢迎关注')).toBe('template');
    // another site does not share the template
    expect(run(page, { id: 'other/a' }, { site: [lineKey(boiler)] }).text).toContain('欢迎关注我们的官方账号');
  });

  it('keeps every line of a page with no chrome at all', () => {
    const plain = ['第一段文字，讲了一件事情的来龙去脉。', '第二段文字，补充了一些细节和背景信息。', '第三段文字，给出了结论。'].join('\n');
    const { rec, text } = run(plain);
    expect(rec.removed).toEqual([]);
    expect(text.replace(/\n/g, '')).toBe(plain.replace(/\n/g, '').replace(/,/g, '，'));
  });
});

describe('chrome stage on HTML', () => {
  const html = `<!doctype html><html><head><title>春运志愿服务启动_本地新闻_示例网</title></head><body>
<div id="header"><a href="/">首页</a> <a href="/n">新闻</a> <a href="/s">体育</a></div>
<div class="nav"><ul><li><a href="/1">国内</a></li><li><a href="/2">国际</a></li></ul></div>
<div class="main"><h1>春运志愿服务启动</h1>
<p class="info">2012-01-12 09:48 来源：本地日报</p>
<div class="article-content">
<p>本报讯 1月11日，某地举行春运志愿服务启动仪式，来自各行各业的数百名志愿者将在火车站、汽车站为旅客提供服务。</p>
<h2>服务内容</h2>
<p>据介绍，今年春运期间，志愿者将为老人、儿童和残障旅客提供引导、咨询和行李搬运等服务，预计服务旅客超过十万人次。</p>
<div class="share-bar"><a href="#">分享到微博</a> <a href="#">分享到微信</a></div>
<p>志愿者代表表示，能在春运期间为旅客服务，是一件很有意义的事情，他们会尽最大努力让旅客感受到温暖。</p>
</div>
<div class="related"><h3>相关新闻</h3><ul><li><a href="/a">某市地铁延长运营时间，方便旅客出行</a></li><li><a href="/b">某地发布寒潮预警，提醒市民注意保暖</a></li></ul></div>
</div>
<div class="footer">关于我们 | 联系我们 | Copyright © 2012 示例网</div>
</body></html>`;

  it('finds the body by DOM cues and link density, the title by the page title', () => {
    const { rec, text } = run(html, { format: 'html' });
    expect(rec.meta.title).toBe('春运志愿服务启动');
    expect(rec.paragraphs[0]!.kind).toBe('title');
    expect(text).toContain('服务内容');
    expect(text).toContain('志愿者代表表示');
    for (const chrome of ['首页', '国内', '分享到', '相关新闻', '地铁延长', '关于我们']) expect(text, chrome).not.toContain(chrome);
    expect(rec.meta.source).toBe('本地日报');
    expect(rec.removed.find((r) => r.text.includes('分享到微博'))!.detail).toMatch(/dom chrome:share; links 1\.00/);
  });
});

describe('qingxi explain', () => {
  it('lists every line kept or removed, in source order, with its rule and score', () => {
    const { rec } = run(PAGE);
    const ds = decisions(rec);
    const starts = ds.map((d) => d.start);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    expect(ds.find((d) => d.text.includes('某地举行春运志愿服务启动仪式') && d.kept)?.rule).toBe('title');
    expect(ds.find((d) => d.text.startsWith('活动现场'))).toMatchObject({ kept: true, rule: 'body' });
    expect(ds.find((d) => d.text.includes('热门推荐'))).toMatchObject({ kept: false, rule: 'lexicon:related' });
    expect(ds.find((d) => d.text.includes('首页 | 新闻'))).toMatchObject({ kept: false, rule: 'outside-body' });
    const out = explainText(rec);
    expect(out).toMatch(/KEEP .*title .*某地举行春运志愿服务启动仪式/);
    expect(out).toMatch(/DROP .*lexicon:copyright .*免责声明/);
    expect(out).toMatch(/removed by rule: .*outside-body \d+/);
    expect(explainText(rec, { onlyRemoved: true })).not.toMatch(/^KEEP/m);
  });
});
