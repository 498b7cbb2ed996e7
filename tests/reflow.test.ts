import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Root } from 'nlcst';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { articleData } from '../src/stages/context.js';
import parseText from '../src/stages/parse-text.js';
import reflow from '../src/stages/reflow.js';
import { lines } from '../src/stages/tree.js';
import { articleFile, SAMPLE_CORPUS, sourceDoc } from './helpers.js';

function run(content: string, format: 'txt' | 'md' = 'txt') {
  const file = articleFile(sourceDoc(content, { format }));
  const proc = unified().use(parseText).use(reflow);
  const tree = proc.runSync(proc.parse(file) as Root, file) as Root;
  const nodes = lines(tree).map((n) => n.data.line);
  return { file, nodes, texts: nodes.map((l) => l.text.text), removed: articleData(file).removed };
}

describe('reflow: fragments of one paragraph', () => {
  it('joins a line that is only 。 to the line before it', () => {
    expect(run('各类事件屡屡登上热搜，并随后被相关方解释和澄清\n。\n非AI从业者视炮击为祸害。').texts).toEqual([
      '各类事件屡屡登上热搜，并随后被相关方解释和澄清。',
      '非AI从业者视炮击为祸害。',
    ]);
  });

  it('drops a lone 。 that would double the 。 the line before already ends with, and records it', () => {
    const src = '解释和澄清。\n。\n下一段。';
    const { texts, removed } = run(src);
    expect(texts).toEqual(['解释和澄清。', '下一段。']);
    expect(removed).toEqual([{ start: 7, end: 8, text: '。', rule: 'reflow:duplicate-punctuation' }]);
  });

  it('joins lines that start with ， or , to the line before', () => {
    expect(run('在语言建模性能上与 Transformer 相当\n,并且还解决了一些可扩展性限制。\n另一段。').texts).toEqual([
      '在语言建模性能上与 Transformer 相当,并且还解决了一些可扩展性限制。',
      '另一段。',
    ]);
    expect(run('第一部分\n，第二部分。').texts).toEqual(['第一部分，第二部分。']);
  });

  it('a 。 at the end of a line the next line continues with a comma is dropped (the sentence goes on)', () => {
    expect(run('与 Transformer 相当。\n，并且还解决了限制。').texts).toEqual(['与 Transformer 相当，并且还解决了限制。']);
  });

  it('a line starting with a continuing mark after a blank line starts a new paragraph unless it is only punctuation', () => {
    expect(run('第一段\n\n，第二段。').texts).toEqual(['第一段', '，第二段。']);
    expect(run('第一段\n\n。').texts).toEqual(['第一段。']);
  });

  it('.NET at the start of a line is a name, not a continuation', () => {
    expect(run('微软发布了新版本。\n.NET 8 带来了性能提升。').texts).toEqual(['微软发布了新版本。', '.NET 8 带来了性能提升。']);
    expect(run('这就是全部\n.').texts).toEqual(['这就是全部.']);
  });

  it('maps the joined text to the source of both lines', () => {
    const src = '前一行的文字\n，后一行。';
    const { nodes } = run(src);
    expect(nodes).toHaveLength(1);
    const t = nodes[0]!.text;
    expect(t.sourceSpan()).toEqual({ start: 0, end: src.length });
    [...t.text].forEach((ch, i) => expect(src.slice(t.starts[i], t.ends[i])).toBe(ch));
  });
});

describe('reflow: hard-wrapped text', () => {
  const wrapped = [
    '人工智能的发展经历了多个阶段，从早期的符号主义',
    '到后来的连接主义，再到今天的大模型时代。',
    '',
    'The model was trained on',
    '2 trillion tokens.',
    '',
    '第三段只有一行。',
    '',
    '第四段也只有一行。',
  ].join('\n');

  it('joins lines without a blank line between them when paragraphs are separated by blank lines', () => {
    expect(run(wrapped).texts).toEqual([
      '人工智能的发展经历了多个阶段，从早期的符号主义到后来的连接主义，再到今天的大模型时代。',
      'The model was trained on 2 trillion tokens.',
      '第三段只有一行。',
      '第四段也只有一行。',
    ]);
  });

  it('does not join a line that follows a sentence end', () => {
    const t = run('第一句结束了。\n第二行是新的句子\n\n另一段。\n\n再一段。').texts;
    expect(t).toEqual(['第一句结束了。', '第二行是新的句子', '另一段。', '再一段。']);
  });

  it('does not join lines of text whose paragraphs are one per line', () => {
    const src = ['标题没有句号', '第一段也没有句号', '第二段', '第三段。'].join('\n');
    expect(run(src).texts).toEqual(['标题没有句号', '第一段也没有句号', '第二段', '第三段。']);
  });
});

describe('reflow: structure is kept', () => {
  it('never joins headings, list items, quotes or code to other text', () => {
    const md = ['# 标题没有句号', '正文第一行，', '', '- 列表项', '，不是续行', '', '> 引用', '，也不是', '', '```', '，代码', '```'].join('\n');
    expect(run(md, 'md').nodes.map((l) => [l.kind, l.text.text])).toEqual([
      ['heading', '标题没有句号'],
      ['paragraph', '正文第一行，'],
      ['list-item', '列表项'],
      ['paragraph', '，不是续行'],
      ['quote', '引用'],
      ['paragraph', '，也不是'],
      ['other', '，代码'],
    ]);
  });
});

describe('reflow: seed 001', () => {
  const file = path.join(SAMPLE_CORPUS, '001_f67e12d98019297f.txt');
  const src = readFileSync(file, 'utf8');

  it('the seed has the fragments this stage is for', () => {
    const raw = src.split('\n');
    expect(raw).toContain('。');
    expect(raw.some((l) => l.startsWith(','))).toBe(true);
  });

  it('leaves no line that is only punctuation or starts with ， or , and loses no character but the doubled 。', () => {
    const { texts, removed, nodes } = run(src);
    expect(texts.filter((t) => /^[\p{P}\s]+$/u.test(t))).toEqual([]);
    expect(texts.filter((t) => /^[，,]/.test(t))).toEqual([]);
    expect(texts.some((t) => /。。|。[，,]/.test(t))).toBe(false);
    expect(texts).toContain('从年初到年末,从百度文心一言到零一玩物,从字节跳动到谷歌双子星,各类“疑似炮轰”事件屡屡登上热搜,并随后被相关方解释和澄清。');
    expect(removed.map((r) => [r.text, r.rule])).toEqual([['。', 'reflow:duplicate-punctuation']]);
    expect(src.slice(removed[0]!.start, removed[0]!.end)).toBe('。');
    const joined = texts.find((t) => t.includes('并且还解决了一些可扩展性限制'))!;
    expect(joined).toMatch(/与 Transformer 相当,并且还解决了一些可扩展性限制。$/);
    // Every character still points at itself in the source.
    for (const l of nodes) [...l.text.text].forEach((ch, i) => expect(src.slice(l.text.starts[i], l.text.ends[i])).toBe(ch));
  });
});
