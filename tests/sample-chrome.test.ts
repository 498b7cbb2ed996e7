import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { converterOf } from '../src/stages/convert.js';
import type { ArticleRecord } from '../src/types.js';
import { readJson, removeTemps, runCli, SAMPLE_CORPUS, tempDir, type CliResult } from './helpers.js';

// Page chrome on the sample corpus (four real page dumps), line by line, in the output of the built CLI: every chrome
// line listed here is gone from the text and recorded as removed; every metadata line is in the metadata and
// removed with rule metadata:<field>; every other line of the page (the article: title, standfirst, headings,
// captions, list items, quotes, the reference list, every paragraph however short) is in the text.

interface Expect {
  /** Lines of the source that are chrome (exact lines, trimmed), and a pattern for repeated ones (list timestamps). */
  chrome: string[];
  chromePattern?: RegExp;
  /** Lines of the source that are page metadata, and the metadata they give. */
  metadata: { line: string; rule: string }[];
  meta: Record<string, string>;
  /** Lines of which a part is chrome (an image credit) and the rest article text. */
  partial: { line: string; kept: string; removed: string }[];
  /** Short or special article lines checked by name as well (they are also covered by the every-line check). */
  article: string[];
}

const EXPECT: Record<string, Expect> = {
  '000_d96e26aee6ca39d7': {
    chrome: [
      '2024CTIS-文章详情页顶部', // ad slot
      '钛度号', // channel label
      '图片来源@视觉中国', // image credit
      '本文系作者 精选 授权钛媒体发表,并经钛媒体编辑,转载请注明出处、作者和本文链接',
      '本内容来源于钛媒体钛度号,文章内容仅供参考、交流、学习,不构成投资建议。',
      '想和千万钛媒体用户分享你的新奇观点和发现,点击这里投稿 。创业或融资寻求报道,点击这里',
      '敬原创,有钛度,得赞赏',
      '赞赏支持',
      '发表评论',
      '0 / 300',
      '根据《网络安全法》实名制要求,请绑定手机号后发表评论',
      '登录后输入评论内容',
      '快报',
      '更多',
      '2024-05-01 22:56',
      '中国咖啡产业规模超2600亿元,国人平均一年喝16杯咖啡',
      '黑石集团完成对TRICON的私有化',
      'WTI原油失守80美元/桶,为3月15日以来首次,日内跌1.48%',
      '纽约社区银行日内涨超32%',
      '标普确认特斯拉BBB评级,前景展望稳定',
      '5月1日哈尔滨铁路发送旅客52.4万人次',
      '美油、布油短线走低0.5美元,现分别报80.38美元/桶和84.99美元/桶',
      '特朗普媒体股价抹去开盘涨幅,一度下跌10%',
      '今年第一季度全球黄金需求同比增长3%,印度央行黄金买入量超去年全年',
      '福州长乐国际机场二期扩建工程项目加紧建设',
      '现货黄金日内涨1%,现报2308美元/盎司',
      '美元指数DXY短线走低10点后回升,现货黄金短线波幅4美元',
      '美国3月JOLTs职位空缺848.8万人,预期868.6万人,前值875.6万人',
      '强生涨超3%,将支付65亿美元解决滑石粉致癌诉讼',
      '美国4月ISM制造业PMI为49.2,预期50,前值50.3',
      '2024五一档新片票房破6亿',
      '美国4月标普全球制造业PMI终值为50,预期49.9,前值49.9',
      '深蓝汽车:4月累计交付12744辆',
      '美股开盘:三大指数集体低开,星巴克跌超14%',
      '特朗普媒体科技集团盘前涨8.3%,特朗普持股比例增至64.9%',
      '扫描下载App',
    ],
    chromePattern: /^2024-05-01 \d\d:\d\d$/,
    metadata: [{ line: '钛媒体注:本文来源于微信公众号远川科技评论(ID:kechuangych),作者 | 陈彬,编辑 | 李墨天,钛媒体经授权发布。', rule: 'metadata:author' }],
    meta: { title: '大模型是不是有点太多了?', author: '陈彬', source: '远川科技评论' },
    partial: [],
    article: [
      '大模型是不是有点太多了?',
      '说好的高难度硬科技,怎么就搞成一国一模亩产十万斤了?',
      '上个月,AI业界爆发了一场“动物战争”。',
      'Falcon以68.74分力压Llama 2',
      '阿联酋人工智能部长',
      'Transformer吞噬世界',
      '循环神经网络',
      'Noam Shazeer',
      '建在玻璃上的护城河',
      '价值的锚点',
      '黄仁勋与H100',
      '参考资料:',
      '[1] LLM Leaderboard Gone Wrong,Analytics India Mag',
      '[2] NEC独自の大規模言語モデル(LLM)開発の裏側に迫る',
      '[5] TIME 100/AI',
      '[12] IT 2023,赛迪顾问',
      '[19] Character.ai\'s Noam Shazeer: "Replacing Google - and your mom",Danny In The Valley',
    ],
  },
  '001_f67e12d98019297f': {
    chrome: [
      '“风驰计划”再次升级!阿里云优惠券申请零!零!零!门槛', // promotional banner at the top
      '【本文经投资界合作伙伴微信公众号授权:甲子光年。',
      '本平台仅提供信息存储服务。',
      '】如有任何疑问,请联系投资界()。',
      '版权声明:本文内容由互联网用户自发贡献,本站不拥有所有权,不承担相关法律责任。如果发现本站有涉嫌抄袭的内容,欢迎发送邮件 举报,并提供相关证据,一经查实,本站将立刻删除涉嫌侵权内容。',
      '标签:',
      '相关文章',
      '06-17',
      '最新文章',
      'Android旗舰之王的过去与未来',
      '智能手表不被开发、AR眼镜被推迟,Meta的产品经历了一波三折',
      '为什么Cybertruck是特斯拉史上最难造的车?',
      '更新鸿蒙3后,文杰允许你在车里做PPT了',
      '新起亚K3试驾体验:追求“性价比”,韩系汽车仍不想放弃',
      '阿维塔15登场!汽车配备了增程动力,理想情况下会迎来新的对手吗?',
      '马斯克宣布创建 ChatGPT 竞争对手! OpenAI的CEO给他泼了冷水, GPT-5可能会发生巨大变化',
      '骁龙无处不在,是平台也是生态',
      '图片来自谷歌论文。',
    ],
    // The first 06-18 is the page's date; the ones in the related list are chrome (checked by count below).
    metadata: [],
    meta: { published: '06-18' },
    partial: [
      {
        line: '图片来自 Github,作者 Mooler 从大型模型的进化脉络来看,如今的所有模型都是“脱壳”的 Transformer 及其三种变体架构。',
        kept: '从大型模型的进化脉络来看,如今的所有模型都是“脱壳”的 Transformer 及其三种变体架构。',
        removed: '图片来自 Github,作者 Mooler',
      },
      { line: '模仿学习的原理,图片来自Cameron R. Wolfe的博客。', kept: '模仿学习的原理', removed: '图片来自Cameron R. Wolfe的博客。' },
    ],
    article: [
      '脱壳不是核心竞争力,把壳做厚才是。',
      '开源模型。',
      '我看不出有什么办法。',
      '百度就是其中之一。',
      '第二级:构建提示。',
      '第 4 级:微调。',
      '还有一些。',
      '不能说是炮击。',
      '”刘聪表示。',
      'Transformer的模型架构图,左边是Encoder,右边是Decoder。',
      'Cameron R. Wolfe,美国电商初创公司 Rebuy 的 AI 总监,博士。',
      '降低成本,把“壳”做厚一些,竞争力自然就产生了。',
    ],
  },
  '002_1539d43226c0d4de': {
    chrome: [
      '通信人家园',
      '找回密码',
      '注册',
      '只需一步,快速开始',
      '短信验证,便捷登录',
      '搜索',
      '军衔等级:',
      '一级军士长',
      '注册:2010-4-284',
      '跳转到指定楼层',
      '1#',
      '举报本楼',
      '本帖有 1 个回帖,您需要登录后才能浏览 登录 | 注册',
      '您需要登录后才可以回帖 登录 | 注册 |',
      '手机版|C114 ( 沪ICP备12002291号-1 )|联系我们 |网站地图',
      'GMT+8, 2024-11-26 01:13 , Processed in 0.267012 second(s), 16 queries , Gzip On.',
      'Copyright © 1999-2023 C114 All Rights Reserved',
      'Discuz Licensed',
      '回顶部',
    ],
    metadata: [
      { line: '发表于 2024-10-23 18:00:56 |只看该作者 |正序浏览', rule: 'metadata:published' },
      { line: '来源:36kr', rule: 'metadata:source' },
    ],
    meta: { source: '36kr', published: '2024-10-23 18:00:56' },
    partial: [],
    article: [
      '国内最顶尖的这些大模型初创公司,现在站到了该做取舍的十字路口。',
      '预训练,是模型地基,更是大模型公司技术试金石',
      '谁放弃?谁掉队?',
      '预训练成大模型公司灵魂考验,人才流动频繁',
      '只是,掉队后再赶上的难度,会越来越高。',
    ],
  },
  '003_10674204aa50ccb3': {
    chrome: [
      '0 評論 2556 瀏覽 2 收藏 12 分鐘',
      '本文由人人都是產品經理合作媒體 @AI新智能 授權發布,未經許可,禁止轉載。',
      '題圖來自 Unsplash,基于 CC0 協議',
      '該文觀點僅代表作者本人,人人都是產品經理平臺僅提供信息存儲空間服務。',
      '更多精彩內容,請關注人人都是產品經理微信公眾號或下載App',
      '評論',
      '評論請登錄',
      '1. 目前還沒評論,等你發揮!',
    ],
    metadata: [
      { line: '作者:舉大名耳', rule: 'metadata:author' },
      { line: '來源公眾號:AI新智能', rule: 'metadata:source' },
    ],
    meta: { title: '反思国产大模型:如果泡沫不可避免,我们该如何面对这场革命?', author: '举大名耳', source: 'AI新智能' },
    partial: [],
    article: [
      '反思國產大模型:如果泡沫不可避免,我們該如何面對這場革命?',
      '“這么多的大模型,真正有自己技術的有幾個”?',
      '“有幾家公司能持續投入下去”?',
      '一、數據孤島',
      '1. 在數據集的獲取上,如何不斷積累足夠多、且高質量的數據集;',
      '2. 在煉制大模型的“工藝”上,如何不斷探索和突破,找到新的理論和方法。',
      '先說第一點。',
      '二、“工藝”的差距',
      '這雖然不是0和1的區別,但卻是50分和100分的區別。',
    ],
  },
};

let out: string;
let run: CliResult;

beforeAll(async () => {
  out = tempDir('qingxi-sample-chrome-');
  run = await runCli(['run', '--corpus', SAMPLE_CORPUS, '--out', out, '--concurrency', '2']);
});
afterAll(removeTemps);

const record = (id: string) => readJson<ArticleRecord>(path.join(out, 'articles', `${id}.json`));
const text = (id: string) => readFileSync(path.join(out, 'articles', `${id}.txt`), 'utf8');
const sourceLines = (id: string) =>
  readFileSync(path.join(SAMPLE_CORPUS, `${id}.txt`), 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);

/** What is compared: letters and digits only (punctuation and width are normalised by the pipeline). */
const key = (s: string) => s.normalize('NFKC').replace(/[^\p{L}\p{N}]/gu, '');

function tools(id: string) {
  const rec = record(id);
  const conv = converterOf(rec.meta.converter);
  const body = text(id);
  const paragraphs = body.split('\n\n').map(key);
  const all = key(body);
  const removed = rec.removed.map((r) => ({ ...r, key: key(conv(r.text)) }));
  return {
    rec,
    /** The line is in the text (as a paragraph or inside one). */
    present: (line: string) => all.includes(key(conv(line))),
    /** No paragraph of the text is the line, and a long line is nowhere in the text. */
    absent: (line: string) => {
      const k = key(conv(line));
      return !paragraphs.includes(k) && (k.length < 10 || !all.includes(k));
    },
    removedAs: (line: string) => removed.filter((r) => r.key === key(conv(line))).map((r) => r.rule),
  };
}

describe('page chrome on the sample corpus (built CLI)', () => {
  it('runs cleanly', () => {
    expect(run.code, run.stderr).toBe(0);
  });

  for (const [id, exp] of Object.entries(EXPECT)) {
    describe(id, () => {
      it('every chrome line is gone from the text and recorded with the rule that removed it', () => {
        const t = tools(id);
        const repeated = exp.chromePattern ? sourceLines(id).filter((l) => exp.chromePattern!.test(l)) : [];
        for (const line of [...exp.chrome, ...repeated]) {
          expect(t.absent(line), `still in the text: ${line}`).toBe(true);
          const rules = t.removedAs(line);
          expect(rules.length, `not recorded as removed: ${line}`).toBeGreaterThan(0);
          for (const r of rules) expect(r).toMatch(/^(?:lexicon:[a-z-]+|template|outside-body|low-score)$/);
        }
      });

      it('metadata lines are in the metadata and out of the text', () => {
        const t = tools(id);
        for (const { line, rule } of exp.metadata) {
          expect(t.absent(line), `still in the text: ${line}`).toBe(true);
          expect(t.removedAs(line)).toContain(rule);
        }
        for (const [k, v] of Object.entries(exp.meta)) expect(key(String(t.rec.meta[k])), k).toBe(key(v));
      });

      it('the named article lines (title, headings, captions, list items, quotes, references) are all there', () => {
        const t = tools(id);
        for (const line of exp.article) expect(t.present(line), `lost: ${line}`).toBe(true);
      });

      it('every other line of the page is article text and is in the text: no sentence lost', () => {
        const t = tools(id);
        const chrome = new Set(exp.chrome.map(key));
        const meta = new Set(exp.metadata.map((m) => key(m.line)));
        const partial = new Set(exp.partial.map((p) => key(p.line)));
        let checked = 0;
        for (const line of sourceLines(id)) {
          const k = key(line);
          if (k === '' || chrome.has(k) || meta.has(k) || partial.has(k) || exp.chromePattern?.test(line)) continue;
          // The date lines of 001's related list are chrome; its first one (the page's date) is metadata.
          if (id === '001_f67e12d98019297f' && /^06-1[78]$/.test(line)) continue;
          expect(t.present(line), `lost: ${line}`).toBe(true);
          checked++;
        }
        expect(checked).toBeGreaterThan(20);
      });

      it('an image credit sharing a line with article text is cut out, the text kept', () => {
        const t = tools(id);
        for (const p of exp.partial) {
          expect(t.present(p.kept), `lost: ${p.kept}`).toBe(true);
          expect(key(text(id))).not.toContain(key(p.removed));
          expect(t.rec.removed.some((r) => r.rule === 'lexicon:image-credit' && key(r.text) === key(p.removed))).toBe(true);
        }
      });
    });
  }

  it('001: the page date is the metadata, the dates of the related list are removed as chrome', () => {
    const t = tools('001_f67e12d98019297f');
    const dates = t.rec.removed.filter((r) => /^06-1[78]$/.test(r.text.trim()));
    expect(dates.map((r) => r.rule).sort()).toEqual(['lexicon:timestamp', 'lexicon:timestamp', 'lexicon:timestamp', 'lexicon:timestamp', 'lexicon:timestamp', 'lexicon:timestamp', 'lexicon:timestamp', 'metadata:published']);
    expect(text('001_f67e12d98019297f')).not.toMatch(/06-1[78]/);
  });

  it('the title is the first paragraph, of kind title, where the page has one', () => {
    for (const id of ['000_d96e26aee6ca39d7', '003_10674204aa50ccb3']) {
      const rec = record(id);
      expect(rec.paragraphs[0]!.kind).toBe('title');
      expect(text(id).split('\n\n')[0]).toBe(rec.meta.title);
    }
  });

  it('every removal by the chrome and metadata stages carries a rule and a detail', () => {
    for (const id of Object.keys(EXPECT)) {
      const mine = record(id).removed.filter((r) => /^(?:lexicon|template|outside-body|low-score|metadata)\b/.test(r.rule));
      expect(mine.length).toBeGreaterThan(5);
      for (const r of mine) {
        expect(r.rule).toMatch(/^(?:lexicon:[a-z-]+|template|outside-body|low-score|metadata:(?:author|source|published))$/);
        expect(r.detail ?? '').not.toBe('');
        expect(r.end).toBeGreaterThan(r.start);
      }
    }
  });
});
