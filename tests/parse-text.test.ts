import type { Root } from 'nlcst';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { articleData } from '../src/stages/context.js';
import parseText from '../src/stages/parse-text.js';
import { lines } from '../src/stages/tree.js';
import { articleFile, sourceDoc } from './helpers.js';

function parse(content: string, format: 'txt' | 'md' = 'txt') {
  const file = articleFile(sourceDoc(content, { format }));
  const tree = unified().use(parseText).parse(file) as Root;
  const nodes = lines(tree).map((n) => n.data.line);
  return { file, nodes, texts: nodes.map((l) => l.text.text) };
}

describe('parse-text: plain text', () => {
  it('makes one paragraph per non-blank line, with source offsets, and counts every line', () => {
    const src = '第一行\n\n第二行，GPT-3.5。\r\n第三行\r最后一行';
    const { file, nodes, texts } = parse(src);
    expect(texts).toEqual(['第一行', '第二行，GPT-3.5。', '第三行', '最后一行']);
    for (const l of nodes) expect(src.slice(l.text.sourceStart, l.text.sourceEnd)).toBe(l.text.text);
    expect(nodes.map((l) => l.kind)).toEqual(['paragraph', 'paragraph', 'paragraph', 'paragraph']);
    expect(articleData(file).linesIn).toBe(5);
  });

  it('marks the line after one or more blank (or white-space-only) lines with blankBefore; the first line too', () => {
    const { nodes } = parse('一\n二\n\n三\n \t\u3000\n\n四\n');
    expect(nodes.map((l) => [l.text.text, l.blankBefore])).toEqual([
      ['一', true],
      ['二', false],
      ['三', true],
      ['四', true],
    ]);
  });

  it('splits on Unicode line and paragraph separators and NEL', () => {
    expect(parse('一\u2028二\u2029三\u0085四').texts).toEqual(['一', '二', '三', '四']);
  });

  it('keeps Markdown-looking text as it is in a .txt file', () => {
    expect(parse('# 不是标题\n- 不是列表').texts).toEqual(['# 不是标题', '- 不是列表']);
  });

  it('an empty document has no lines', () => {
    expect(parse('').nodes).toEqual([]);
    expect(parse('\n\n').nodes).toEqual([]);
  });
});

describe('parse-text: Markdown', () => {
  const md = [
    '# 大模型的训练成本 #', // 0
    '',
    '> 引用一段话，来自**某位专家**的观点。',
    '',
    '## 第一部分',
    '- 第一点：*强调*的内容，2*3*4 不变。',
    '* 第二点，包含[链接文字](https://example.com)和`代码`。',
    '1. 有序的第一步。',
    '',
    '---',
    '',
    '![图片说明](https://example.com/a.png)',
    '',
    '```python',
    'def __init__(self):',
    '',
    '    return [x*2 for x in y]',
    '```',
    '',
    '标题二',
    '======',
    '正文的最后一段，GPT-3.5 的成绩是 68.74 分。',
  ].join('\n');

  it('removes markup and sets the kind of each line', () => {
    const { nodes } = parse(md, 'md');
    expect(nodes.map((l) => [l.kind, l.text.text])).toEqual([
      ['heading', '大模型的训练成本'],
      ['quote', '引用一段话，来自某位专家的观点。'],
      ['heading', '第一部分'],
      ['list-item', '第一点：强调的内容，2*3*4 不变。'],
      ['list-item', '第二点，包含链接文字和代码。'],
      ['list-item', '1. 有序的第一步。'],
      ['other', 'def __init__(self):'],
      ['other', '    return [x*2 for x in y]'],
      ['heading', '标题二'],
      ['paragraph', '正文的最后一段，GPT-3.5 的成绩是 68.74 分。'],
    ]);
  });

  it('keeps every kept character pointing at itself in the source', () => {
    const { nodes } = parse(md, 'md');
    for (const l of nodes) {
      [...l.text.text].forEach((ch, i) => expect(md.slice(l.text.starts[i], l.text.ends[i])).toBe(ch));
    }
  });

  it('a code fence is closed only by a fence of the same kind and at least the same length', () => {
    const { nodes } = parse('~~~~\n```\n代码\n~~~\n~~~~\n正文', 'md');
    expect(nodes.map((l) => [l.kind, l.text.text])).toEqual([
      ['other', '```'],
      ['other', '代码'],
      ['other', '~~~'],
      ['paragraph', '正文'],
    ]);
  });

  it('--- under a paragraph line is a setext heading; elsewhere a thematic break', () => {
    const { nodes } = parse('标题\n---\n\n***\n正文\n\n- - -\n结尾', 'md');
    expect(nodes.map((l) => [l.kind, l.text.text])).toEqual([
      ['heading', '标题'],
      ['paragraph', '正文'],
      ['paragraph', '结尾'],
    ]);
  });
});
