import { describe, expect, it } from 'vitest';
import { matchText, rematch, TermMatcher } from '../src/cache/terms.js';
import { hashOf } from '../src/cache/hash.js';
import { pack } from '../src/glossary/packed.js';
import { depsOf, KnowledgeTracker, KnowledgeView, serializeKnowledge, summaryOf, TemplateCounter, trackedKnowledge } from '../src/pipeline/knowledge.js';
import type { CorpusKnowledge } from '../src/stages/context.js';

describe('term matching (which discovered terms can change an article)', () => {
  const text = matchText(['大语言模型的推理能力', 'Open  AI 发布了 GPT-4 模型', '深度学习']);

  it('finds the terms occurring in the text, spacing ignored, never across sentences', () => {
    const m = new TermMatcher(['语言模型', '模型', 'Open AI', 'GPT-4', '推理', '学习框架', '能力深度', '']);
    expect(m.match(text)).toEqual(['GPT-4', 'Open AI', '推理', '模型', '语言模型']);
  });

  it('gives the same answer with few terms (includes) and with many (substring set)', () => {
    const terms = ['语言模型', '模型', '推理', '学习', 'GPT-4', 'OpenAI'];
    const many = [...terms, ...Array.from({ length: 100 }, (_, i) => `无关词${i}`)];
    expect(new TermMatcher(many).match(text)).toEqual(new TermMatcher(terms).match(text));
  });

  it('rematch after a change of the term list equals matching from scratch', () => {
    const oldTerms = ['语言模型', '推理', '框架', '深度学习'];
    const newTerms = ['语言模型', '能力', '框架', 'GPT-4', '学习'];
    const oldMatched = new TermMatcher(oldTerms).match(text);
    const newSet = new Set(newTerms);
    const added = new TermMatcher(newTerms.filter((t) => !oldTerms.includes(t)));
    expect(rematch(oldMatched, newSet, added, () => text)).toEqual(new TermMatcher(newTerms).match(text));
  });
});

describe('term matching with many terms', () => {
  it('finds exactly the terms whose squeezed form occurs, as `includes` would', () => {
    const terms = Array.from({ length: 60 }, (_, i) => `术语${String.fromCharCode(0x4e00 + i)}${i % 3 ? '词' : ''}`);
    terms.push('大模型', '模型', '𠀀字', 'GPT 4');
    const text = matchText(['这是术语丁词和术语一，还有大模型与𠀀字。', 'GPT 4 和 模型']);
    const naive = terms.filter((t) => text.includes(t.replace(/\s+/g, ''))).sort();
    expect(new TermMatcher(terms).match(text)).toEqual(naive);
    expect(naive).toEqual(expect.arrayContaining(['大模型', '模型', '𠀀字', 'GPT 4']));
  });
});

describe('knowledge dependency tracking', () => {
  const knowledge = (lines: Record<string, string[]>): CorpusKnowledge => ({ templateLines: new Map(Object.entries(lines).map(([s, l]) => [s, new Set(l)])) });
  const base = knowledge({ 'a.com': ['版权所有', '首页'], 'b.com': ['登录'] });
  const s = serializeKnowledge(base);

  function record(k: CorpusKnowledge, use: (k: CorpusKnowledge) => void) {
    const tracker = new KnowledgeTracker();
    const tracked = trackedKnowledge(k, tracker);
    tracker.begin();
    use(tracked);
    return tracker.end();
  }

  it('records each lookup with its answer', () => {
    const r = record(base, (k) => {
      const set = k.templateLines.get('a.com')!;
      expect(set.has('首页')).toBe(true);
      expect(set.has('正文')).toBe(false);
      expect(k.templateLines.get('c.com')!.has('x')).toBe(false);
    });
    const deps = depsOf(r, s);
    expect(deps).toEqual({ sites: [['a.com', null, [['正文', 0], ['首页', 1]]], ['c.com', null, [['x', 0]]]] });
  });

  it('holds while the answers hold: a new line elsewhere keeps it, a looked-up line turning template breaks it', () => {
    const deps = depsOf(record(base, (k) => void k.templateLines.get('a.com')!.has('正文')), s);
    const view = (l: Record<string, string[]>) => new KnowledgeView(serializeKnowledge(knowledge(l)));
    expect(view({ 'a.com': ['版权所有', '首页', '关于我们'], 'b.com': ['登录', '注册'] }).depsHold(deps)).toBe(true);
    expect(view({ 'a.com': ['版权所有', '首页', '正文'], 'b.com': ['登录'] }).depsHold(deps)).toBe(false);
    // The quick check compares whole sites: any change to a.com fails it (then the full check decides).
    const summary = summaryOf(deps, s);
    expect(view({ 'a.com': ['版权所有', '首页'], 'b.com': ['登录', '注册'] }).summaryHolds(summary)).toBe(true);
    expect(view({ 'a.com': ['版权所有', '首页', '关于我们'], 'b.com': ['登录'] }).summaryHolds(summary)).toBe(false);
  });

  it('records whole sites when a site is iterated, and everything when the sites are or when used outside an article', () => {
    const whole = depsOf(record(base, (k) => void [...k.templateLines.get('b.com')!]), s);
    expect(whole.sites).toEqual([['b.com', s.siteHashes!['b.com'], []]]);
    const all = depsOf(record(base, (k) => void [...k.templateLines.keys()]), s);
    expect(all.all).toBe(s.hash);
    const tracker = new KnowledgeTracker();
    const tracked = trackedKnowledge(base, tracker);
    tracked.templateLines.get('a.com')!.has('首页'); // e.g. while a stage is set up
    tracker.begin();
    expect(tracker.end().all).toBe(true);
  });

  it('hashes are stable and order-independent', () => {
    const again = serializeKnowledge(knowledge({ 'b.com': ['登录'], 'a.com': ['首页', '版权所有'] }));
    expect(again.hash).toBe(s.hash);
    expect(hashOf('a', 'bc')).not.toBe(hashOf('ab', 'c'));
  });
});

describe('template line counts', () => {
  const articles: [string, string, string[]][] = [
    ['a1', 'x.com', ['登录', '首页', '正文一']],
    ['a2', 'x.com', ['登录', '首页', '正文二']],
    ['a3', 'x.com', ['登录', '正文三']],
    ['b1', 'y.com', ['登录', '首页']],
  ];
  const count = (list: typeof articles) => {
    const c = new TemplateCounter();
    for (const [id, site, keys] of list) c.add(site, keys, id);
    return serializeKnowledge(c.knowledge(2));
  };

  it('takes an article out exactly, after a save and load, and counts an article once', () => {
    const c = new TemplateCounter();
    for (const [id, site, keys] of articles) c.add(site, keys, id);
    c.add('x.com', ['登录', '首页'], 'a1');
    expect(serializeKnowledge(c.knowledge(2))).toEqual(count(articles));
    const loaded = TemplateCounter.fromBuffer(c.toBuffer());
    loaded.remove('x.com', articles[1]![2], 'a2');
    const rest = articles.filter(([id]) => id !== 'a2');
    expect(serializeKnowledge(loaded.knowledge(2))).toEqual(count(rest));
    // 首页 is no longer a template line of x.com: one article left has it.
    expect(serializeKnowledge(loaded.knowledge(2)).templateLines).toEqual([['x.com', ['登录']]]);
    expect([...loaded.members].sort()).toEqual(['a1', 'a3', 'b1']);
  });

  it('reads a site\'s saved counts only when they change, with the same knowledge and the same saved bytes', () => {
    const c = new TemplateCounter();
    for (const [id, site, keys] of articles) c.add(site, keys, id);
    c.add('z.com', ['登录'], 'z1');
    const saved = c.toBuffer();
    const loaded = TemplateCounter.fromBuffer(saved);
    // Untouched, every site is read from the saved rows.
    expect(serializeKnowledge(loaded.knowledge(1))).toEqual(serializeKnowledge(c.knowledge(1)));
    expect(loaded.toBuffer().equals(saved)).toBe(true);
    // One site changed (y.com), one new (w.com), one emptied (z.com); the others stay saved rows.
    for (const x of [c, loaded]) {
      x.add('y.com', ['登录', '首页', '尾注'], 'b2');
      x.add('w.com', ['登录'], 'w1');
      x.remove('z.com', ['登录'], 'z1');
    }
    for (const min of [1, 2]) expect(serializeKnowledge(loaded.knowledge(min))).toEqual(serializeKnowledge(c.knowledge(min)));
    expect(loaded.toBuffer().equals(c.toBuffer())).toBe(true);
    expect(() => TemplateCounter.fromBuffer(saved.subarray(0, saved.length - 4))).toThrow();
    // A saved table with more keys than rows (a newline inside a key) is damaged.
    const extra = pack({ head: { members: ['m'], sites: [['x.com', 2]] }, strings: ['登录\n首页', '正文'], int32: [Int32Array.of(3, 3)] });
    expect(() => TemplateCounter.fromBuffer(extra)).toThrow(/wrong number of keys/);
  });
});
