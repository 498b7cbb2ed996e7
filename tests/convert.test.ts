import { describe, expect, it } from 'vitest';
import { FROM_LOCALES, toSimplified, toTraditional } from '../src/text/convert.js';

describe('toSimplified', () => {
  it('builds each converter once per process', () => {
    for (const from of FROM_LOCALES) expect(toSimplified(from)).toBe(toSimplified(from));
  });

  it('converts ordinary Traditional text the same way in every locale', () => {
    for (const from of FROM_LOCALES) expect(toSimplified(from)('漢語簡體轉換，電腦與網絡')).toBe('汉语简体转换，电脑与网络');
  });

  it("sharp edge: only Taiwan's tables turn the particle 著 into 着, and they keep 著 in 著作", () => {
    expect(toSimplified('t')('他看著電視')).toBe('他看著电视');
    expect(toSimplified('hk')('他看著電視')).toBe('他看著电视');
    expect(toSimplified('tw')('他看著電視')).toBe('他看着电视');
    expect(toSimplified('twp')('他看著電視')).toBe('他看着电视');
    expect(toSimplified('tw')('他的著作')).toBe('他的著作');
  });

  it("sharp edge: Taiwan's words (網路, 軟體) need phrase mode twp", () => {
    expect(toSimplified('tw')('網路軟體')).toBe('网路软体');
    expect(toSimplified('twp')('網路軟體')).toBe('网络软件');
  });

  it("Hong Kong's tables: its variant forms (衞, 衹), which t2s leaves, and its words in phrase mode hkp", () => {
    expect(toSimplified('t')('衞生署')).toBe('衞生署');
    expect(toSimplified('hk')('衞生署')).toBe('卫生署');
    expect(toSimplified('hk')('滑鼠')).toBe('滑鼠');
    expect(toSimplified('hkp')('滑鼠')).toBe('鼠标');
    expect(toSimplified('hkp')('密芝根州')).toBe('密歇根州');
  });

  it('phrase conversion may change the length of the text', () => {
    const src = '乙醯胺酚';
    const out = toSimplified('twp')(src);
    expect(out).toBe('对乙酰氨基酚');
    expect(out.length).not.toBe(src.length);
  });

  it('leaves Simplified text alone with t and hk', () => {
    const s = '这一效果十分显著，专著也不少，什么都有。';
    expect(toSimplified('t')(s)).toBe(s);
    expect(toSimplified('hk')(s)).toBe(s);
  });
});

describe('toTraditional', () => {
  it('converts Simplified to generic Traditional', () => {
    expect(toTraditional()('汉语')).toBe('漢語');
  });
});
