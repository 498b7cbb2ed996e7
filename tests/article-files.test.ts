import { describe, expect, it } from 'vitest';
import { alignedTsv, articleJson } from '../src/output/article-files.js';
import type { ArticleRecord } from '../src/types.js';

function record(): ArticleRecord {
  return {
    id: 'site/a',
    source: { path: 'site/a.txt', format: 'txt', encoding: 'utf-8' },
    offsets: 'utf16-code-units-of-decoded-source',
    meta: { script: 'traditional', region: 'tw', converter: 'tw→cn', contentHash: 'ab', title: '標題' },
    paragraphs: [
      {
        index: 0,
        kind: 'title',
        sentences: [{ id: 'site/a:0:0', original: '標題', text: '标题', tokens: ['标题'], start: 0, end: 2 }],
      },
      {
        index: 2,
        kind: 'paragraph',
        sentences: [
          { id: 'site/a:2:0', original: '他說:"\\好\t"。', text: '他说："\\好\t"。', tokens: ['他', '说', '：', '"', '\\', '好', '"', '。'], start: 10, end: 20 },
          { id: 'site/a:2:1', original: 'GPT-3.5 來了\n', text: 'GPT-3.5 来了', tokens: ['GPT-3.5', '来', '了'], start: 20, end: 31 },
        ],
      },
    ],
    removed: [{ start: 3, end: 9, text: '登入 | 註冊', rule: 'lexicon:login', detail: 'score 0.9' }],
    warnings: ['site/a.txt: something'],
    stats: { charsIn: 40, charsOut: 20, linesIn: 4, linesRemoved: 1, paragraphs: 2, sentences: 3, tokens: 12, warnings: 1, timeMs: 3.2, stageMs: { parse: 1 } },
  };
}

describe('articleJson', () => {
  it('holds the record without run timings, fields in record order', () => {
    const rec = record();
    const text = articleJson(rec);
    const { timeMs: _t, stageMs: _s, ...counts } = rec.stats;
    const expected = { ...rec, stats: counts };
    const parsed = JSON.parse(text) as unknown;
    expect(parsed).toEqual(expected);
    // Same key order as the record: the compact forms are identical.
    expect(JSON.stringify(parsed)).toBe(JSON.stringify(expected));
    expect(text).not.toContain('timeMs');
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('puts one sentence per line', () => {
    const lines = articleJson(record()).split('\n');
    expect(lines.filter((l) => l.includes('"tokens":[')).length).toBe(3);
    expect(lines.some((l) => l.includes('"id":"site/a:2:1"') && l.includes('"tokens":["GPT-3.5","来","了"]'))).toBe(true);
  });

  it('writes empty lists compactly and stays valid JSON', () => {
    const rec = { ...record(), paragraphs: [], removed: [], warnings: [] };
    const parsed = JSON.parse(articleJson(rec)) as ArticleRecord;
    expect(parsed.paragraphs).toEqual([]);
    expect(parsed.removed).toEqual([]);
    expect(parsed.warnings).toEqual([]);
  });

  it('is the same text for the same record', () => {
    expect(articleJson(record())).toBe(articleJson(record()));
  });
});

describe('alignedTsv', () => {
  it('escapes backslashes, tabs and newlines, and leaves other text alone', () => {
    const rows = alignedTsv(record()).split('\n');
    expect(rows[0]).toBe('id\toriginal\tsimplified\ttokens');
    expect(rows[1]).toBe('site/a:0:0\t標題\t标题\t标题');
    expect(rows[2]).toBe('site/a:2:0\t他說:"\\\\好\\t"。\t他说："\\\\好\\t"。\t他 说 ： " \\\\ 好 " 。');
    expect(rows[3]).toBe('site/a:2:1\tGPT-3.5 來了\\n\tGPT-3.5 来了\tGPT-3.5 来 了');
    expect(rows[4]).toBe('');
    expect(rows.length).toBe(5);
  });
});
