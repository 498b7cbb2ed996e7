import { readFileSync } from 'node:fs';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GlossaryEntry } from '../src/glossary/types.js';
import type { ArticleRecord } from '../src/types.js';
import { readJson, removeTemps, runCli, SAMPLE_CORPUS, tempDir } from './helpers.js';

/** The glossary the built CLI writes for the sample corpus (4 real scraped pages, one Traditional). */
describe('glossary on the sample corpus', () => {
  let out: string;
  let entries: GlossaryEntry[];
  const english = (term: string) =>
    entries
      .find((e) => e.term === term)
      ?.english.filter((x) => x.source === 'text')
      .map((x) => x.text)
      .sort();

  beforeAll(async () => {
    out = tempDir('qingxi-glossary-');
    const r = await runCli(['run', '--corpus', SAMPLE_CORPUS, '--out', out, '--concurrency', '2']);
    expect(r.code, r.stderr).toBe(0);
    entries = readJson<GlossaryEntry[]>(path.join(out, 'glossary.json'));
  });
  afterAll(removeTemps);

  it('has the translations the texts state, with well-chosen Chinese boundaries', () => {
    expect(english('循环神经网络')).toEqual(['RNN']);
    expect(english('自然语言处理')).toEqual(['NLP']);
    expect(english('混合专家模型')).toEqual(['Mixture of Experts', 'MoE']);
    expect(english('强化学习')).toEqual(['RL', 'Reinforcement Learning']);
    expect(english('猎鹰')).toEqual(['Falcon']);
    expect(english('美洲驼')).toEqual(['Llama']);
    expect(english('基础模型')).toEqual(['Base Model']);
    expect(english('大模型竞技场')).toEqual(['ChatBot Arena']);
    expect(english('伊利亚')).toEqual(['Ilya Sutskever']);
    expect(english('变形金刚')).toEqual(['Transformer']);
  });

  it('takes no aside, editorial note, version, id, hypernym or mismatch as a translation', () => {
    const stated = entries.flatMap((e) => e.english.filter((x) => x.source === 'text').map((x) => `${e.term}=${x.text}`));
    for (const bad of ['激活函数=SwiGLU', '位置编码=Rotary Embeddings', '编码器=Encoder-only', '解码器=Decoder-only', '混合=Encoder-Decoder']) {
      expect(stated).not.toContain(bad);
    }
    expect(stated.some((p) => /kechuangych|5月份|Kimi|他使用/.test(p))).toBe(false);
    expect(entries.every((e) => e.english.every((x) => x.source === 'text'))).toBe(true);
  });

  it('discovers domain terms and rejects stopwords and fragments', () => {
    const terms = entries.map((e) => e.term);
    for (const t of ['大模型', '预训练', '百模大战', '数据集']) expect(terms).toContain(t);
    for (const t of ['我们', '的大模型', '大模型的', '亿美', '有一']) expect(terms).not.toContain(t);
    expect(entries.find((e) => e.term === '数据集')!.variants).toContain('數據集');
  });

  it('feeds the terms back into segmentation', () => {
    const rec = readJson<ArticleRecord>(path.join(out, 'articles', '000_d96e26aee6ca39d7.json'));
    const tokens = rec.paragraphs.flatMap((p) => p.sentences.flatMap((s) => s.tokens));
    expect(tokens).toContain('大模型');
    expect(tokens).toContain('百模大战');
    expect(tokens).not.toContain('百模');
  });

  it('writes TSV, CSV and well-formed TBX with one row or concept per entry', () => {
    const tsv = readFileSync(path.join(out, 'glossary.tsv'), 'utf8').trimEnd().split('\n');
    expect(tsv.length).toBe(entries.length + 1);
    const csv = readFileSync(path.join(out, 'glossary.csv'), 'utf8');
    expect(csv.startsWith('\uFEFFterm,')).toBe(true);
    const doc = new new JSDOM().window.DOMParser().parseFromString(readFileSync(path.join(out, 'glossary.tbx'), 'utf8'), 'application/xml');
    expect(doc.getElementsByTagName('parsererror').length).toBe(0);
    expect(doc.getElementsByTagName('conceptEntry').length).toBe(entries.length);
  });
});
