import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JSDOM } from 'jsdom';
import { loadConfig } from '../src/config/load.js';
import { GlossaryBuilder, translationMismatch } from '../src/glossary/build.js';
import { cleanGloss, glossesOf } from '../src/glossary/dictionary.js';
import { TermDiscovery, termsForSegmenter } from '../src/glossary/discovery.js';
import { collectEvidence } from '../src/glossary/evidence.js';
import { evidenceHead, occurrencesOf, parseEvidence, serializeEvidence } from '../src/glossary/evidence-store.js';
import { backgroundFromBuffer, backgroundToBuffer, frequentPairs } from '../src/glossary/background.js';
import { pack, unpack } from '../src/glossary/packed.js';
import { END_STOP, fragmentEdge, jiebaBackground, START_STOP } from '../src/glossary/lexicon.js';
import { glossaryOptions, resolveOptions } from '../src/glossary/options.js';
import { classifyChinese, classifyEnglish, expands, findPairs, isAcronym } from '../src/glossary/pairs.js';
import { STATS_MAX_LENGTH, statsGrams, termStatsOf } from '../src/glossary/stats.js';
import type { DiscoveredTerm, GlossaryEntry, TermEvidence } from '../src/glossary/types.js';
import { glossaryCsv, glossaryTbx, glossaryTsv, writeGlossaryTbx } from '../src/glossary/write.js';
import { converterOf } from '../src/stages/convert.js';
import { Segmenter } from '../src/text/segment.js';
import type { ArticleRecord } from '../src/types.js';
import { ROOT, tempDir } from './helpers.js';
import path from 'node:path';

const opts = glossaryOptions(loadConfig(path.join(ROOT, 'pipeline')));
const seg = new Segmenter();

/** A record of Simplified sentences (or [original, text] pairs), segmented unless `tokens` is false. */
function record(id: string, sentences: (string | [string, string])[], o: { converter?: string; tokens?: boolean } = {}): ArticleRecord {
  const conv = converterOf(o.converter ?? 'none');
  return {
    id,
    source: { path: `${id}.txt`, format: 'txt', encoding: 'utf-8' },
    offsets: 'utf16-code-units-of-decoded-source',
    meta: { script: o.converter ? 'traditional' : 'simplified', region: 'cn', converter: o.converter ?? 'none', contentHash: '' },
    paragraphs: sentences.map((s, i) => {
      const [original, text] = typeof s === 'string' ? [s, conv(s)] : s;
      return { index: i, kind: 'paragraph' as const, sentences: [{ id: `${id}:${i}:0`, original, text, tokens: o.tokens === false ? [] : seg.cut(text), start: 0, end: original.length }] };
    }),
    removed: [],
    warnings: [],
    stats: { charsIn: 0, charsOut: 0, linesIn: 0, linesRemoved: 0, paragraphs: 0, sentences: 0, tokens: 0, warnings: 0, timeMs: 0, stageMs: {} },
  };
}

/** Accepted pairs `term=english` of a set of articles, built with the sample configuration. */
function pairsOf(articles: ArticleRecord[], discovered: DiscoveredTerm[] = []): string[] {
  const b = new GlossaryBuilder(opts, discovered);
  for (const a of articles) b.add(a.id, collectEvidence(a));
  return b
    .pairs()
    .filter((p) => !p.rejected)
    .map((p) => `${p.term}=${p.english}`);
}

function rejectionsOf(articles: ArticleRecord[]): string[] {
  const b = new GlossaryBuilder(opts, []);
  for (const a of articles) b.add(a.id, collectEvidence(a));
  return b.rejected().map((r) => r.reason);
}

describe('bracket patterns', () => {
  it('中文（English） with full-width and ASCII brackets', () => {
    expect(findPairs('另一方则是名为猎鹰（Falcon）的大模型').pairs[0]).toMatchObject({ pattern: 'zh-en', english: ['Falcon'] });
    expect(findPairs('另一方则是名为猎鹰(Falcon)的大模型').pairs[0]).toMatchObject({ pattern: 'zh-en', english: ['Falcon'] });
    expect(pairsOf([record('a', ['另一方则是一个名为猎鹰（Falcon）的大模型。'])])).toEqual(['猎鹰=Falcon']);
  });

  it('English（中文） with full-width and ASCII brackets', () => {
    expect(pairsOf([record('a', ['一方是Meta推出的Llama（美洲驼），历来深受欢迎。', '成为NLP(自然语言处理)前沿研究的标准范式。'])])).toEqual([
      '美洲驼=Llama',
      '自然语言处理=NLP',
    ]);
  });

  it('an acronym and its expansion give two English forms for one Chinese term', () => {
    const s = '还有RL（Reinforcement Learning，强化学习）与MoE（Mixture of Experts，混合专家模型）。';
    expect(pairsOf([record('a', [s])]).sort()).toEqual(['强化学习=RL', '强化学习=Reinforcement Learning', '混合专家模型=Mixture of Experts', '混合专家模型=MoE']);
    expect(pairsOf([record('b', ['他研究了检索增强生成（RAG，Retrieval-augmented Generation）。'])]).sort()).toEqual([
      '检索增强生成=RAG',
      '检索增强生成=Retrieval-augmented Generation',
    ]);
    expect(isAcronym('MoE')).toBe(true);
    expect(isAcronym('SwiGLU')).toBe(false);
    expect(expands('SSM', 'Structured State Space Models')).toBe(true);
    expect(expands('RNN', 'Sparse Attention')).toBe(false);
  });

  it('a later item that is no expansion is not taken as a translation', () => {
    expect(pairsOf([record('a', ['研究必然会向稀疏注意力（Sparse Attention，Sparse GEMM/MoE）方向探索。'])])).toEqual(['稀疏注意力=Sparse Attention']);
  });

  it('quoted sides and labels inside the bracket', () => {
    expect(pairsOf([record('a', ['所谓“百模大战”（Battle of a Hundred Models）愈演愈烈。'])])).toEqual(['百模大战=Battle of a Hundred Models']);
    expect(pairsOf([record('a', ['这就是大语言模型（英文：Large Language Model）的由来。'])])).toEqual(['大语言模型=Large Language Model']);
  });

  it('statements: X一词可翻译成Y, 中文，简称ACRONYM', () => {
    expect(pairsOf([record('a', ['比如“Transformer”一词其实可翻译成“变形金刚”，但读者不会这么理解。'])])).toEqual(['变形金刚=Transformer']);
    expect(pairsOf([record('a', ['所谓大语言模型，简称LLM，是一种模型。'])])).toEqual(['大语言模型=LLM']);
    // Describing a (bad) translation is not a statement of one.
    expect(pairsOf([record('a', ['所以才会出现把“开水间”翻译成“open water room”这种问题。'])])).toEqual([]);
  });
});

describe('rejections', () => {
  it('classifies every kind of non-translation bracket', () => {
    expect(classifyChinese('互联网的')).toBe('aside');
    expect(classifyChinese('通用的语言模式、知识和特征')).toBe('explanation');
    expect(classifyChinese('2023年')).toBe('date');
    expect(classifyChinese('5月份版本')).toBe('version');
    expect(classifyChinese('ID:kechuangych')).toBe('id');
    expect(classifyChinese('3000多块')).toBe('count');
    expect(classifyChinese('此处就不点名了')).toBe('editorial');
    expect(classifyChinese('后改名为Kimi大模型')).toBe('editorial');
    expect(classifyChinese('循环神经网络')).toBeUndefined();
    expect(classifyEnglish('ID:kechuangych')).toBe('id');
    expect(classifyEnglish('v1.2.3')).toBe('version');
    expect(classifyEnglish('2024-05')).toBe('date');
    expect(classifyEnglish('3000')).toBe('count');
    expect(classifyEnglish('Ilya Sutskever')).toBeUndefined();
  });

  it('rejects asides, dates, versions, ids, counts and editorial notes in context', () => {
    const a = record('a', [
      '当年看不起（互联网的）商业模式创新。',
      '训练出了超越GPT-4o（5月份版本）的模型。',
      '本文来源于微信公众号远川科技评论（ID:kechuangych），作者陈彬。',
      '首次发布Moonshot大模型（后改名为Kimi大模型）。',
      ['自身股價最高暴漲338%的國內公司（此處就不點名了），其賬上的資金不多。', '自身股价最高暴涨338%的国内公司（此处就不点名了），其账上的资金不多。'],
      '模型发布于Llama（2023年）之后。',
      '他们买了H100（3000块）用于训练。',
    ]);
    expect(pairsOf([a])).toEqual([]);
    expect(rejectionsOf([a]).sort()).toEqual(['aside', 'count', 'date', 'editorial', 'editorial', 'id', 'version']);
  });

  it('rejects a hypernym and a translation that misses a qualifier', () => {
    const a = record('a', [
      'Pre-normalization（预归一化）受到GPT-3的启发，SwiGLU（激活函数）受到PaLM的启发，Rotary Embeddings（位置编码）受到GPT-Neo的启发。',
      '衍生出了三种变体架构——仅使用编码器（Encoder-only）、仅使用解码器（Decoder-only）以及两者的混合（Encoder-Decoder）。',
    ]);
    expect(pairsOf([a])).toEqual(['预归一化=Pre-normalization']);
    expect(rejectionsOf([a]).sort()).toEqual(['hypernym', 'mismatch', 'mismatch', 'mismatch', 'mismatch']);
    expect(translationMismatch('激活函数', 'SwiGLU', opts.heads)).toBe('hypernym');
    expect(translationMismatch('旋转位置编码', 'Rotary Embeddings', opts.heads)).toBeUndefined();
    expect(translationMismatch('人类反馈强化学习', 'RLHF', opts.heads)).toBeUndefined();
  });
});

describe('Chinese boundary of 中文（English）', () => {
  it('stops at verbs and function words', () => {
    expect(pairsOf([record('a', ['他使用循环神经网络（RNN）来处理自然语言。'])])).toEqual(['循环神经网络=RNN']);
    expect(pairsOf([record('a', ['经过长时间的预训练，会得到一个基础模型（Base Model）。'])])).toEqual(['基础模型=Base Model']);
  });

  it('takes the transliterated name for a personal name', () => {
    expect(pairsOf([record('a', ['跳槽去了OpenAI的计算机科学家伊利亚（Ilya Sutskever）率先出了成果。', '论文作者沙泽尔（Noam Shazeer）也一度沉迷。'])])).toEqual([
      '伊利亚=Ilya Sutskever',
      '沙泽尔=Noam Shazeer',
    ]);
  });

  it('agrees with the exact form stated for the same English in another document', () => {
    // Alone, the size of "MoE" cannot tell 专家模型 from 混合专家模型 reliably; the other article states it exactly.
    const a = record('a', ['在训练GPT-4时，OpenAI使用了混合专家模型（MoE），包含很多专家。']);
    const b = record('b', ['还有MoE（Mixture of Experts，混合专家模型）模型架构。']);
    expect(pairsOf([a, b]).filter((p) => p.endsWith('=MoE'))).toEqual(['混合专家模型=MoE', '混合专家模型=MoE']);
  });

  it('prefers a discovered term and a size that fits the English', () => {
    const big: DiscoveredTerm = { term: '大模型', count: 9, docs: 2, pmi: 3, leftEntropy: 2, rightEntropy: 2, cvalue: 9, domain: 9, score: 9, source: 'statistics' };
    const s = new Segmenter();
    s.addWords(['大模型']);
    const a = record('a', ['由LMSYS组织的全球大模型竞技场（ChatBot Arena）是头部榜单。']);
    a.paragraphs[0]!.sentences[0]!.tokens = s.cut(a.paragraphs[0]!.sentences[0]!.text);
    expect(pairsOf([a], [big])).toEqual(['大模型竞技场=ChatBot Arena']);
  });
});

describe('Traditional sources', () => {
  it('normalises terms to Simplified and keeps the Traditional forms as variants', () => {
    const a = record('tw', ['他使用循環神經網路（RNN）處理自然語言。', '這個軟體很好用，軟體開發很難。'], { converter: 'twp→cn' });
    expect(a.paragraphs[0]!.sentences[0]!.text).toBe('他使用循环神经网络（RNN）处理自然语言。');
    const b = new GlossaryBuilder(opts, []);
    b.add(a.id, collectEvidence(a));
    const rnn = b.entries().find((e) => e.term === '循环神经网络')!;
    expect(rnn.english.map((e) => e.text)).toEqual(['RNN']);
    expect(rnn.variants).toEqual(['循環神經網路']);
    const occ = collectEvidence(a).find((e) => e.kind === 'occurrence' && e.term === '软件');
    expect(occ).toMatchObject({ variants: ['軟體'] });
  });

  it('finds the variant when phrase conversion changed the length', () => {
    const a = record('tw', ['電腦的記憶體（RAM）很貴。'], { converter: 'twp→cn' });
    expect(a.paragraphs[0]!.sentences[0]!.text).toBe('电脑的内存（RAM）很贵。');
    const pair = collectEvidence(a).find((e) => e.kind === 'pair') as Extract<TermEvidence, { kind: 'pair' }>;
    expect(pair.candidates![0]!.text).toBe('内存');
    expect(pair.variants![0]).toBe('記憶體');
  });
});

/** A small corpus where 大模型, 预训练 and 百模大战 occur in varied contexts. */
function corpus(): ArticleRecord[] {
  return [
    record('d1', ['国内的大模型越来越多，大模型创业依然是百模大战。', '预训练是大模型的地基，预训练成本很高。', '我们认为这个问题很重要。'], { tokens: false }),
    record('d2', ['开源大模型推动了预训练研究。', '所谓百模大战，指的是很多公司同时做大模型。', '我们认为预训练需要数据。'], { tokens: false }),
    record('d3', ['训练一个大模型需要大量算力。', '他们放弃了预训练，转向应用。', '这个问题我们认为不重要。'], { tokens: false }),
  ];
}

describe('term discovery', () => {
  it('finds new words by frequency, cohesion and branching entropy, and no stopwords or fragments', () => {
    const d = new TermDiscovery({ ...opts, minDomain: 0 });
    for (const r of corpus()) d.add(r.id, termStatsOf(r));
    const terms = d.discover().map((t) => t.term);
    expect(terms).toContain('大模型');
    expect(terms).toContain('预训练');
    expect(terms).toContain('百模大战');
    for (const bad of ['我们', '我们认为', '认为', '的大模型', '大模型的', '这个问题', '模大', '预训']) expect(terms).not.toContain(bad);
  });

  it('applies ban and force, and feeds words (not compounds) to the segmenter', () => {
    const d = new TermDiscovery({ ...opts, minDomain: 0, ban: new Set(['百模大战']), force: ['套壳'] });
    for (const r of corpus()) d.add(r.id, termStatsOf(r));
    const terms = d.discover();
    expect(terms.map((t) => t.term)).not.toContain('百模大战');
    expect(terms.find((t) => t.term === '套壳')?.source).toBe('forced');
    const words = termsForSegmenter(terms);
    expect(words).toContain('大模型');
    expect(words).toContain('套壳');
    const compound: DiscoveredTerm = { ...terms[0]!, term: '训练大模型', source: 'statistics', compound: true };
    expect(termsForSegmenter([...terms, compound])).not.toContain('训练大模型');
  });

  it('takes the Chinese side of exact bilingual statements as terms', () => {
    const d = new TermDiscovery(opts);
    const r = record('p', ['成为NLP（自然语言处理）前沿研究的标准。'], { tokens: false });
    d.add(r.id, termStatsOf(r));
    expect(d.discover().find((t) => t.term === '自然语言处理')?.source).toBe('pair');
  });

  it('does not depend on the order articles are added in, and keeps memory bounded', () => {
    const run = (order: ArticleRecord[], maxGrams = opts.maxGrams) => {
      const d = new TermDiscovery({ ...opts, minDomain: 0, maxGrams });
      for (const r of order) d.add(r.id, termStatsOf(r));
      return { terms: d.discover(), size: d.size };
    };
    const c = corpus();
    expect(run([...c].reverse()).terms).toEqual(run(c).terms);
    const bounded = run(c, 1000);
    expect(bounded.size).toBeLessThanOrEqual(1000);
    expect(bounded.terms.map((t) => t.term)).toContain('大模型');
  });

  it('takes an article out exactly, and saves and loads its state', () => {
    const c = corpus();
    const o = { ...opts, minDomain: 0 };
    const only = (rs: ArticleRecord[]) => {
      const d = new TermDiscovery(o);
      for (const r of rs) d.add(r.id, termStatsOf(r));
      return d;
    };
    const without = only([c[0]!, c[2]!]).discover();
    const all = only(c);
    expect(all.discover()).not.toEqual(without);
    // Saved, loaded, one article taken out: the same result as counting the other two.
    const loaded = TermDiscovery.fromBuffer(all.toBuffer(), o);
    expect(loaded.discover()).toEqual(all.discover());
    loaded.remove(c[1]!.id, termStatsOf(c[1]!));
    expect(loaded.exact).toBe(true);
    expect(loaded.discover()).toEqual(without);
    expect([...loaded.articles].sort()).toEqual([c[0]!.id, c[2]!.id].sort());
    // Pruned counts are no longer a plain sum.
    const pruned = new TermDiscovery({ ...o, maxGrams: 100 });
    for (const r of c) pruned.add(r.id, termStatsOf(r));
    expect(pruned.exact).toBe(false);
    expect(pruned.size).toBeLessThanOrEqual(100);
  });

  it('stores evidence in a compact form that reads back the same', () => {
    const recs = [
      record('a', ['他使用循环神经网络（RNN）处理文本，大模型很强。', '大模型与预训练。']),
      record('b', ['過去的RNN（循環神經網絡）和CNN（卷積神經網絡）。', '大模型需要预训练。']),
    ];
    const key = (e: TermEvidence) => JSON.stringify(e);
    for (const r of recs) {
      const ev = collectEvidence(r);
      expect(ev.some((e) => e.kind === 'occurrence')).toBe(true);
      const back = parseEvidence(serializeEvidence(r.id, ev));
      expect(back.map(key).sort()).toEqual(ev.map(key).sort());
      // A sentence id of another article keeps its own id.
      const foreign: TermEvidence = { kind: 'occurrence', term: '模型', count: 1, sentenceIds: ['x:1:2'], variants: ['模型'] };
      expect(parseEvidence(serializeEvidence(r.id, [foreign]))).toEqual([foreign]);
    }
  });

  it('reads jieba\'s dictionary back from its sorted copy with the same lookups and the same terms', () => {
    const bg = jiebaBackground();
    const map = bg.freq as Map<string, number>;
    const copy = backgroundFromBuffer(backgroundToBuffer(bg, map));
    for (const w of ['模型', '大模型', '的', '一心一意', '不存在的词语', '']) expect(copy.freq.get(w)).toBe(map.get(w));
    expect(copy.total).toBe(bg.total);
    expect(copy.idioms.size).toBe(bg.idioms.size);
    const terms = (b: typeof bg) => {
      const d = new TermDiscovery({ ...opts, minDomain: 0 }, b);
      for (const r of corpus()) d.add(r.id, termStatsOf(r));
      return d.discover();
    };
    expect(terms(copy)).toEqual(terms(bg));
  });

  it('lists the frequent two-character words of either form of the background, and discovers the same terms without the list', () => {
    const bg = jiebaBackground();
    const map = bg.freq as Map<string, number>;
    const copy = backgroundFromBuffer(backgroundToBuffer(bg, map));
    const code = (w: string) => (w.charCodeAt(0) << 16) | w.charCodeAt(1);
    const want = new Set([...map].filter(([w, f]) => w.length === 2 && f >= 50).map(([w]) => code(w)));
    expect(want.size).toBeGreaterThan(10_000);
    expect(frequentPairs(map, 50)).toEqual(want);
    expect(frequentPairs(copy.freq, 50)).toEqual(want);
    expect(frequentPairs(map, 50)!.has(code('模型'))).toBe(map.get('模型')! >= 50);
    // A lookup that cannot list its words: the flags come from string lookups, with the same result.
    expect(frequentPairs({ get: (w: string) => map.get(w) }, 50)).toBeUndefined();
    const terms = (b: typeof bg | typeof copy) => {
      const d = new TermDiscovery({ ...opts, minDomain: 0 }, b);
      for (const r of corpus()) d.add(r.id, termStatsOf(r));
      return d.discover();
    };
    expect(terms({ ...copy, freq: { get: (w: string) => map.get(w) } })).toEqual(terms(bg));
  });

  it('packs string tables with numeric columns and reads them back, refusing a truncated one', () => {
    const strings = ['大模型', '预训练', '𠀀', ''];
    const int32 = [Int32Array.from([1, -2, 3, 2 ** 31 - 1]), Int32Array.from([0, 0, 7, -1])];
    const uint8 = [Uint8Array.from([1, 2, 3, 255])];
    for (const head of [{ a: 1 }, null]) {
      const p = unpack(pack({ head, strings, int32, uint8 }), { int32: 2, uint8: 1 });
      expect(p).toEqual({ head, strings, int32, uint8 });
    }
    expect(unpack(pack({ head: 'x', strings: [] }), {})).toEqual({ head: 'x', strings: [], int32: [], uint8: [] });
    const buf = pack({ head: null, strings, int32 });
    expect(() => unpack(buf.subarray(0, buf.length - 1), { int32: 2 })).toThrow(/wrong size/);
    expect(() => pack({ head: null, strings, int32: [Int32Array.from([1])] })).toThrow(/wrong length/);
  });

  it('counts every n-gram of the Han runs once per occurrence, in order of first occurrence', () => {
    // The counts as a map of strings (what the typed arrays replace), over Chinese sentences only.
    const naive = (rec: ArticleRecord) => {
      const grams = new Map<string, number>();
      let chars = 0;
      for (const p of rec.paragraphs)
        for (const { text } of p.sentences) {
          if (/[\u3040-\u30ff]/.test(text)) continue;
          for (const run of text.match(/[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g) ?? []) {
            chars += run.length;
            for (let i = 0; i < run.length; i++)
              for (let n = 1; n <= Math.min(STATS_MAX_LENGTH + 1, run.length - i); n++) grams.set(run.slice(i, i + n), (grams.get(run.slice(i, i + n)) ?? 0) + 1);
          }
        }
      return { chars, grams: [...grams] };
    };
    // A long article (its tables grow several times) of a few characters, so that n-grams repeat.
    let x = 7;
    const han = '大模型预训练数据算力开源百战国内公司';
    const long = Array.from({ length: 40 }, () => Array.from({ length: 120 }, () => ((x = (x * 48271) % 2147483647), x % 9 === 0 ? 'AI，' : han[x % han.length]!)).join('') + '。');
    const recs = [...corpus(), record('long', long, { tokens: false }), record('kana', ['これは大模型です。', '大模型很大。'], { tokens: false })];
    for (const r of recs) {
      const s = termStatsOf(r);
      const want = naive(r);
      expect(s.chars).toBe(want.chars);
      expect(statsGrams(s).map((g, i) => [g, s.counts[i]])).toEqual(want.grams);
    }
    expect(termStatsOf(recs[3]!).lengths.length).toBeGreaterThan(5000);
  });

  it('tests fragments on code units as the string rules do', () => {
    // The rules as regular expressions over strings (what fragmentEdgeAt encodes as code-unit sets).
    const byRegex = (w: string) =>
      w.length > 0 &&
      (START_STOP.has(w[0]!) || END_STOP.has(w[w.length - 1]!) || /[的了]/.test(w) || /(?:而言|来说|来看|之一|之间|方面|而已|左右|以上|以下|以来)$/.test(w) || /^[一二三四五六七八九十两几数多][种个家位款项篇张台块名条只次年月天周]/.test(w));
    const words = ['', '的', '模', '大模型', '对大模型而言', '从技术上来说', '三种变体架构', '两家公司', '模型的训练', '训练了模型', '数据之间', '之间', '以上', '上', '三种', '种三', '高质量数据'];
    for (const r of corpus()) words.push(...statsGrams(termStatsOf(r)));
    let fragments = 0;
    for (const w of words) {
      expect(fragmentEdge(w), w).toBe(byRegex(w));
      if (byRegex(w)) fragments++;
    }
    expect(fragments).toBeGreaterThan(20);
    expect(words.length - fragments).toBeGreaterThan(20);
  });

  it('refuses statistics whose arrays disagree', () => {
    const s = termStatsOf(corpus()[0]!);
    const d = new TermDiscovery(opts);
    expect(() => d.add('a', { ...s, lengths: s.lengths.slice(1) })).toThrow(/disagree/);
    expect(() => d.add('b', { ...s, lengths: Uint8Array.from(s.lengths, (n, i) => (i === 0 ? 0 : n)) })).toThrow(/disagree/);
    expect(() => d.add('c', { ...s, counts: s.counts.slice(1) })).toThrow(/disagree/);
  });
});

describe('glossary builder and writers', () => {
  const articles = () => [
    record('a', ['他使用循环神经网络（RNN）处理文本，大模型很强。', '大模型与预训练。']),
    record('b', ['过去的RNN（循环神经网络）和CNN（卷积神经网络）。', '大模型需要预训练。']),
  ];
  const discovered: DiscoveredTerm[] = [
    { term: '大模型', count: 3, docs: 2, pmi: 3, leftEntropy: 1, rightEntropy: 1, cvalue: 4.8, domain: 9, score: 4.8, source: 'statistics' },
    { term: '预训练', count: 2, docs: 2, pmi: 3, leftEntropy: 1, rightEntropy: 1, cvalue: 3.2, domain: 9, score: 3.2, source: 'statistics' },
  ];

  it('gives entries with every field, in an order that does not depend on the order articles are added in', () => {
    const build = (order: ArticleRecord[]) => {
      const b = new GlossaryBuilder(opts, discovered);
      for (const r of order) b.add(r.id, collectEvidence(r));
      return b.entries();
    };
    const e = build(articles());
    expect(build([...articles()].reverse())).toEqual(e);
    // The run's way: every article's statements first, then only the occurrences of the terms that can be entries,
    // read from the stored evidence. Same entries, and fewer occurrences taken.
    const stored = articles().map((r) => serializeEvidence(r.id, collectEvidence(r)));
    const twoPass = new GlossaryBuilder(opts, discovered);
    for (const text of stored) twoPass.addStatements(evidenceHead(text).article, evidenceHead(text).other);
    const wanted = twoPass.entryTerms();
    let taken = 0;
    let all = 0;
    for (const text of stored) {
      const id = evidenceHead(text).article;
      const occ = occurrencesOf(text, id, wanted);
      taken += occ.length;
      all += occurrencesOf(text, id).length;
      twoPass.addOccurrences(id, occ);
    }
    expect(twoPass.entries()).toEqual(e);
    expect(taken).toBeGreaterThan(0);
    expect(taken).toBeLessThan(all);
    // The run's way when some articles are segmented again: the articles it keeps give their statements, then
    // their occurrences of the terms wanted so far ('early'); the other articles' statements come in (wanting more
    // terms: b and d state 卷积神经网络 and 神经网络, which kept article c mentions); the kept articles then give the occurrences of
    // the terms wanted since ('late'), the others all of theirs. A part given twice counts once.
    const four = [...articles(), record('c', ['卷积神经网络很常用。']), record('d', ['神经网络（neural network）发展很快。'])];
    const whole = new GlossaryBuilder(opts, discovered);
    for (const r of four) whole.add(r.id, collectEvidence(r));
    const texts = new Map(four.map((r) => [r.id, serializeEvidence(r.id, collectEvidence(r))]));
    const kept = ['c'];
    const parts = new GlossaryBuilder(opts, discovered);
    for (const id of kept) parts.addStatements(id, evidenceHead(texts.get(id)!).other);
    const early = parts.entryTerms();
    for (const id of kept) {
      parts.addOccurrences(id, occurrencesOf(texts.get(id)!, id, early), 'early');
      parts.addOccurrences(id, occurrencesOf(texts.get(id)!, id, early), 'early');
    }
    for (const id of ['a', 'b', 'd']) parts.addStatements(id, evidenceHead(texts.get(id)!).other);
    const wanted2 = parts.entryTerms();
    const late = new Set([...wanted2].filter((t) => !early.has(t)));
    expect(occurrencesOf(texts.get('c')!, 'c', late).length).toBeGreaterThan(0);
    for (const id of ['a', 'b', 'd']) parts.addOccurrences(id, occurrencesOf(texts.get(id)!, id, wanted2));
    for (const id of kept) parts.addOccurrences(id, occurrencesOf(texts.get(id)!, id, late), 'late');
    expect(whole.entries().some((x) => x.evidence.some((id) => id.startsWith('c:')))).toBe(true);
    expect(parts.entries()).toEqual(whole.entries());
    const rnn = e.find((x) => x.term === '循环神经网络')!;
    expect(rnn).toMatchObject({ english: [{ text: 'RNN', source: 'text', count: 2 }], docs: 2, variants: [] });
    expect(rnn.evidence).toEqual(['a:0:0', 'b:0:0']);
    expect(e.find((x) => x.term === '大模型')).toMatchObject({ english: [], count: 3, docs: 2 });
  });

  it('marks dictionary glosses as such and never mixes them with text evidence', () => {
    const b = new GlossaryBuilder({ ...opts, dictionary: (t) => (t === '大模型' ? ['large model'] : t === '循环神经网络' ? ['recurrent neural network'] : undefined) }, discovered);
    for (const r of articles()) b.add(r.id, collectEvidence(r));
    const e = b.entries();
    expect(e.find((x) => x.term === '大模型')!.english).toEqual([{ text: 'large model', source: 'dictionary', count: 0 }]);
    expect(e.find((x) => x.term === '循环神经网络')!.english).toEqual([{ text: 'RNN', source: 'text', count: 2 }]);
    expect(cleanGloss('(computing) open-source (abbr. for 開放源碼|开放源码[kai1 fang4 yuan2 ma3])')).toBe('open-source');
    expect(cleanGloss('variant of 猎鹰')).toBeUndefined();
    expect(cleanGloss('ByteDance, Beijing-based Internet technology company founded in 2012')).toBe('ByteDance');
    expect(glossesOf([{ english: ['falcon'] }, { english: ['Falcon', 'CL:隻|只[zhi1]'] }])).toEqual(['falcon']);
  });

  it('writes TSV, CSV and well-formed TBX-Basic', () => {
    const entries: GlossaryEntry[] = [
      { term: '循环神经网络', variants: ['循環神經網路'], english: [{ text: 'RNN', source: 'text', count: 2 }], count: 3, docs: 2, score: 6, evidence: ['a:0:0'] },
      { term: '大模型', variants: [], english: [{ text: 'large "model" <x> & co', source: 'dictionary', count: 0 }], count: 3, docs: 2, score: 4, evidence: ['a:0:0', 'b:1:0'] },
      // Text that looks like entity references is text: every & is escaped, so it reads back as written.
      { term: '美国电话电报', variants: [], english: [{ text: 'AT&T; R&amp;D &#65; it\'s', source: 'text', count: 1 }], count: 2, docs: 1, score: 1, evidence: ['c:0:0'] },
    ];
    expect(glossaryTsv(entries).split('\n')[1]).toBe('循环神经网络\tRNN\t\t循環神經網路\t3\t2\t6\ta:0:0');
    const csv = glossaryCsv(entries);
    expect(csv.startsWith('\uFEFFterm,english,dictionary')).toBe(true);
    expect(csv).toContain('"large ""model"" <x> & co"');
    const xml = glossaryTbx(entries);
    const doc = new new JSDOM().window.DOMParser().parseFromString(xml, 'application/xml');
    expect(doc.getElementsByTagName('parsererror').length).toBe(0);
    const root = doc.documentElement;
    expect(root.localName).toBe('tbx');
    expect(root.namespaceURI).toBe('urn:iso:std:iso:30042:ed-2');
    expect(root.getAttribute('type')).toBe('TBX-Basic');
    expect(doc.getElementsByTagName('conceptEntry').length).toBe(3);
    const terms = [...doc.getElementsByTagName('term')].map((t) => t.textContent);
    expect(terms).toEqual(['循环神经网络', '循環神經網路', 'RNN', '大模型', 'large "model" <x> & co', '美国电话电报', "AT&T; R&amp;D &#65; it's"]);
    expect(glossaryTbx(entries)).toBe(xml);
  });

  it('puts the TBX together from the concepts of an earlier one: the same text as building it whole', () => {
    const entry = (term: string, n: number, english = 'X'): GlossaryEntry => ({
      term,
      variants: n % 2 ? [`${term}體`] : [],
      english: [{ text: english, source: 'text', count: n }],
      count: n,
      docs: 1,
      score: n,
      evidence: [`a:${n}:0`],
    });
    const first = [entry('大模型', 1), entry('神经网络', 2, 'a & <b>\nline two'), entry('深度学习', 3, "it's \"deep\"")];
    const concepts = new Map<string, string>();
    expect(glossaryTbx(first, concepts)).toBe(glossaryTbx(first));
    expect(concepts.size).toBe(3);
    const key = (e: GlossaryEntry) => JSON.stringify({ ...e, score: 0 });
    const reused = concepts.get(key(first[1]!))!;
    // One entry changed, one inserted before the others (every id after it moves), one removed, scores changed.
    const second = [entry('新词', 7), { ...first[0]!, score: 1.25 }, { ...first[1]!, count: 9 }, entry('大模型', 1, 'LLM'), { ...first[2]!, score: -3e-7 }];
    const xml = glossaryTbx(second, concepts);
    expect(xml).toBe(glossaryTbx(second));
    expect(xml).toContain('<conceptEntry id="c3">');
    expect(xml).toContain('score 1.25; evidence');
    expect([...concepts.keys()]).toEqual(second.map(key));
    expect(concepts.has(key(first[1]!))).toBe(false);
    // A concept taken from the map is used as it is (so a wrong one would show), with the entry's score.
    const again = new Map([[key(first[1]!), reused.replace('神经网络', '神經網絡')]]);
    const changed = glossaryTbx([{ ...first[1]!, score: 42 }], again);
    expect(changed).toContain('神經網絡');
    expect(changed).toContain('score 42; evidence');
    expect(glossaryTbx([], new Map())).toBe(glossaryTbx([]));
  });

  it('keeps the TBX concepts in a store file, and builds them all when that file is damaged', async () => {
    const entries: GlossaryEntry[] = ['大模型', '神经网络', '深度学习'].map((term, n) => ({ term, variants: [], english: [{ text: `E${n} & "x"${n === 0 ? '\0' : ''}`, source: 'text', count: n }], count: n + 1, docs: 1, score: n, evidence: [`a:${n}:0`] }));
    const out = tempDir('qingxi-tbx-');
    const file = path.join(out, 'concepts');
    const tbx = () => readFileSync(path.join(out, 'glossary.tbx'), 'utf8');
    await writeGlossaryTbx(out, entries, file);
    expect(tbx()).toBe(glossaryTbx(entries));
    // (A concept with a NUL in it is not saved: the two others are.)
    const saved = () => readFileSync(file).toString('utf16le');
    expect(saved().split('\0').length).toBe(2 * 2 + 1);
    entries[1] = { ...entries[1]!, english: [{ text: 'NN', source: 'text', count: 1 }], score: 7 };
    await writeGlossaryTbx(out, entries, file);
    expect(tbx()).toBe(glossaryTbx(entries));
    for (const damaged of ['', 'qingxi TBX concepts 2\nkey\0', saved().slice(0, -1), 'not the format\0a\0']) {
      writeFileSync(file, Buffer.from(damaged, 'utf16le'));
      await writeGlossaryTbx(out, entries, file);
      expect(tbx()).toBe(glossaryTbx(entries));
    }
  });

  it('reads options from the configuration', () => {
    expect(opts.stopwords.has('我们')).toBe(true);
    expect(opts.heads.get('函数')).toEqual(['function']);
    expect(resolveOptions(3).minCount).toBe(3);
  });
});
