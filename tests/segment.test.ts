import nodejieba from 'nodejieba';
import { describe, expect, it } from 'vitest';
import { parseUserDictionary, Segmenter } from '../src/text/segment.js';

describe('parseUserDictionary', () => {
  it('reads word, frequency and tag; `word 5` is a frequency, not a tag', () => {
    expect(parseUserDictionary('大模型 5\n预训练 10 n\n套壳 nz\n# comment\n\n微调  # trailing comment')).toEqual([
      { word: '大模型', freq: 5, tag: undefined },
      { word: '预训练', freq: 10, tag: 'n' },
      { word: '套壳', freq: undefined, tag: 'nz' },
      { word: '微调', freq: undefined, tag: undefined },
    ]);
  });

  it('reads words with spaces when columns are separated by tabs', () => {
    expect(parseUserDictionary('Hugging Face\tnz\nOpen AI\t3\tnt')).toEqual([
      { word: 'Hugging Face', freq: undefined, tag: 'nz' },
      { word: 'Open AI', freq: 3, tag: 'nt' },
    ]);
  });
});

describe('Segmenter', () => {
  const seg = new Segmenter([{ word: '大模型' }, { word: 'Hugging Face', tag: 'nz' }, { word: '百模大战' }]);

  it('keeps numbers whole: 68.74, 3.5%, 1.8, 1,000', () => {
    const t = seg.cut('股价上涨68.74元，涨幅3.5%，规模1.8万亿，共1,000人');
    for (const w of ['68.74', '3.5%', '1.8', '1,000']) expect(t).toContain(w);
  });

  it('keeps versions, product names, URLs and e-mail addresses whole', () => {
    const t = seg.cut('访问https://example.com/a?b=1了解GPT-3.5、Llama 2和Node.js，或写信给li@example.com');
    for (const w of ['https://example.com/a?b=1', 'GPT-3.5', 'Llama 2', 'Node.js', 'li@example.com']) expect(t).toContain(w);
  });

  it('drops whitespace and covers every other character of the text, in order', () => {
    const text = '我们 使用 C++ 和 TCP/IP 协议，效果很好。';
    const t = seg.cut(text);
    expect(t.join('')).toBe(text.replace(/\s/g, ''));
    expect(t.every((w) => w.trim() === w && w.length > 0)).toBe(true);
  });

  it('keeps user words whole: Chinese words without a frequency, and words with spaces', () => {
    const t = seg.cut('百模大战中，我在Hugging Face上发布了大模型。');
    expect(t).toContain('百模大战');
    expect(t).toContain('Hugging Face');
    expect(t).toContain('大模型');
  });

  it('honours a low frequency given in the user dictionary', () => {
    const low = new Segmenter([{ word: '大模型', freq: 1 }]);
    expect(low.cut('这是一个大模型时代')).not.toContain('大模型');
    const plain = new Segmenter([{ word: '大模型' }]);
    expect(plain.cut('这是一个大模型时代')).toContain('大模型');
  });

  it('adds words at run time (terms discovered by the glossary)', () => {
    const s = new Segmenter([]);
    expect(s.cut('他们讨论了套壳问题')).not.toContain('套壳');
    s.addWords(['套壳', 'Mixture of Experts']);
    expect(s.cut('他们讨论了套壳问题')).toContain('套壳');
    expect(s.cut('采用Mixture of Experts架构')).toContain('Mixture of Experts');
  });
});

describe('nodejieba sharp edges (why the Segmenter wraps it)', () => {
  it('cut(s) without HMM splits ASCII into single characters; cut(s, true) does not', () => {
    nodejieba.load();
    expect(nodejieba.cut('使用GPT开发', false)).toEqual(['使用', 'G', 'P', 'T', '开发']);
    expect(nodejieba.cut('使用GPT开发', true)).toEqual(['使用', 'GPT', '开发']);
  });

  it('even with HMM, jieba cuts versions and names apart', () => {
    expect(nodejieba.cut('使用GPT-3.5和Node.js开发', true)).not.toContain('GPT-3.5');
    expect(nodejieba.cut('使用GPT-3.5和Node.js开发', true)).not.toContain('Node.js');
  });

  it('insertWord silently ignores words with spaces', () => {
    nodejieba.insertWord('Hugging Face');
    expect(nodejieba.cut('我在Hugging Face上', true)).not.toContain('Hugging Face');
  });
});
