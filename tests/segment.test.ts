import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import nodejieba from 'nodejieba';
import { describe, expect, it } from 'vitest';
import { DEFAULT_USER_FREQ, parseUserDictionary, Segmenter, type UserWord } from '../src/text/segment.js';
import { ROOT, SAMPLE_CORPUS } from './helpers.js';

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

describe('run-time words are inserted into the loaded dictionary, with the tokens of a user-dictionary file', () => {
  const userDict = parseUserDictionary(readFileSync(path.join(ROOT, 'pipeline', 'userdict.txt'), 'utf8'));
  const lines = readdirSync(SAMPLE_CORPUS)
    .sort()
    .flatMap((f) => readFileSync(path.join(SAMPLE_CORPUS, f), 'utf8').split('\n'))
    .filter((l) => l.trim());
  // Words like those term discovery adds, and many more: every Chinese string of 2 to 4 characters seen at least
  // 3 times in the sample corpus (jieba words, the user dictionary's, fragments overlapping each other), plus the
  // 3 most frequent characters (one-character user words change how HMM treats their neighbours).
  const counts = new Map<string, number>();
  for (const l of lines) {
    for (const run of l.match(/\p{Script=Han}+/gu) ?? []) {
      const chars = [...run];
      for (let n = 1; n <= 4; n++) {
        for (let i = 0; i + n <= chars.length; i++) {
          const w = chars.slice(i, i + n).join('');
          counts.set(w, (counts.get(w) ?? 0) + 1);
        }
      }
    }
  }
  const byCount = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const single = byCount.filter(([w]) => [...w].length === 1).slice(0, 3).map(([w]) => w);
  const words = [...single, ...byCount.filter(([w, c]) => [...w].length > 1 && c >= 3).map(([w]) => w), 'Mixture of Experts'];
  /** The old way: every word in the user-dictionary file cppjieba reads while loading. */
  const fromFile = (base: readonly UserWord[], extra: readonly string[]) => new Segmenter([...base, ...extra.map((word) => ({ word }))]);
  const cutAll = (s: Segmenter) => lines.map((l) => s.cut(l));

  it('on the sample corpus with thousands of words (the user dictionary first, then the words)', () => {
    expect(words.length).toBeGreaterThan(1000);
    const expected = cutAll(fromFile(userDict, words));
    const seg = new Segmenter(userDict);
    seg.warm();
    seg.addWords(words);
    const got = cutAll(seg);
    expect(got).toEqual(expected);
    // The words change the tokens (the comparison is not between two plain dictionaries).
    expect(cutAll(new Segmenter(userDict))).not.toEqual(expected);
  });

  it('a word listed twice takes its last weight, as in a file (load, then insert)', () => {
    const text = '这是一个大模型时代';
    const lowThenDefault = fromFile([{ word: '大模型', freq: 1 }], ['大模型']).cut(text);
    const inserted = new Segmenter([{ word: '大模型', freq: 1 }]);
    inserted.addWords(['大模型']);
    expect(inserted.cut(text)).toEqual(lowThenDefault);
    expect(lowThenDefault).toContain('大模型');
    expect(new Segmenter([{ word: '大模型', freq: 1 }]).cut(text)).not.toContain('大模型');
  });

  it('fewer words or another segmenter load the base again; more words are only inserted', () => {
    const half = words.slice(0, words.length >> 1);
    const a = new Segmenter(userDict);
    const b = new Segmenter([{ word: '大模型', freq: 1 }]);
    a.setWords(words);
    const all = cutAll(a);
    a.setWords(half);
    expect(cutAll(a)).toEqual(cutAll(fromFile(userDict, half)));
    expect(b.cut('这是一个大模型时代')).not.toContain('大模型');
    a.setWords(words);
    expect(cutAll(a)).toEqual(all);
  });
});

describe('nodejieba sharp edges (why the Segmenter wraps it)', () => {
  it('is the patched build: insertWord with a frequency weighs a word as a user-dictionary line does', () => {
    expect(nodejieba.hasInsertWordFrequency()).toBe(true);
    nodejieba.load();
    nodejieba.insertWord('大模型');
    expect(nodejieba.cut('训练大模型', true)).toEqual(['训练', '大', '模型']);
    nodejieba.insertWord('大模型', 'x', DEFAULT_USER_FREQ);
    expect(nodejieba.cut('训练大模型', true)).toEqual(['训练', '大模型']);
    expect(() => nodejieba.insertWord('大模型', 'x', 0)).toThrow(RangeError);
  });

  it('builds the TextRank extractor on first use, and it still works', () => {
    nodejieba.load();
    expect(nodejieba.textRankExtract('升职加薪，当上CEO，走上人生巅峰。', 2).map((r) => r.word)).toHaveLength(2);
  });

  it('cut(s) without HMM splits ASCII into single characters; cut(s, true) does not', () => {
    nodejieba.load();
    expect(nodejieba.cut('使用GPT开发', false)).toEqual(['使用', 'G', 'P', 'T', '开发']);
    expect(nodejieba.cut('使用GPT开发', true)).toEqual(['使用', 'GPT', '开发']);
  });

  it('even with HMM, jieba cuts versions and names apart', () => {
    expect(nodejieba.cut('使用GPT-3.5和Node.js开发', true)).not.toContain('GPT-3.5');
    expect(nodejieba.cut('使用GPT-3.5和Node.js开发', true)).not.toContain('Node.js');
  });

  it("the patched trie (flat tables, the root's children by rune) finds every dictionary word and run-time words outside the BMP", () => {
    nodejieba.load();
    expect(nodejieba.cutAll('中华人民共和国')).toEqual(['中华', '中华人民', '中华人民共和国', '华人', '人民', '人民共和国', '共和', '共和国']);
    expect(nodejieba.cut('我在𠮷野家吃饭', true)).toEqual(['我在', '𠮷', '野', '家', '吃饭']);
    // 𠮷 (U+20BB7) as a word's first character goes to the edge table, as its second to a node below the root.
    nodejieba.insertWord('𠮷野家', 'x', DEFAULT_USER_FREQ);
    nodejieba.insertWord('大𠮷祥', 'x', DEFAULT_USER_FREQ);
    expect(nodejieba.cut('我在𠮷野家吃饭', true)).toEqual(['我', '在', '𠮷野家', '吃饭']);
    expect(nodejieba.cut('大𠮷祥', true)).toEqual(['大𠮷祥']);
  });

  it('insertWord silently ignores words with spaces', () => {
    nodejieba.insertWord('Hugging Face');
    expect(nodejieba.cut('我在Hugging Face上', true)).not.toContain('Hugging Face');
  });
});
