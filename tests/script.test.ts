import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toTraditional } from '../src/text/convert.js';
import { detectScript, fixedRegion } from '../src/text/script.js';
import { ROOT } from './helpers.js';

describe('detectScript: script', () => {
  it('Simplified text needs no conversion', () => {
    const d = detectScript('这是简体中文文本，没有繁体字。');
    expect(d.script).toBe('simplified');
    expect(d.from).toBeUndefined();
  });

  it('Simplified text with a few Traditional characters gets a converter that leaves Simplified text alone', () => {
    const d = detectScript('这是一段很长的简体中文文本，讨论了经济发展和社会问题，其中提到了一家公司叫國泰。');
    expect(d.script).toBe('simplified');
    expect(d.from).toBe('hk');
  });

  it('text without Han characters has no script', () => {
    expect(detectScript('Hello world, 123.').script).toBe('none');
  });

  it('does not count characters valid in both scripts (游泳, 皇后) as Simplified', () => {
    const d = detectScript('皇后去游泳。');
    expect(d.evidence.simplified).toBe(0);
  });
});

describe('detectScript: region and converter', () => {
  it('Taiwan: particle 著, 臺/裡 forms and Taiwan words', () => {
    const d = detectScript('我們在臺北看著電影，軟體工程師們都睡著了。');
    expect(d.script).toBe('traditional');
    expect(d.region).toBe('tw');
    expect(d.from).toBe('twp');
    expect(detectScript('我們在臺北看著電影，軟體工程師們都睡著了。', undefined, { phrases: false }).from).toBe('tw');
  });

  it('著 in 著作 or 名著 is not a Taiwan cue', () => {
    const d = detectScript('他的著作很多，名著也不少，讀者眾多。');
    expect(d.evidence.tw).toBe(0);
    expect(d.region).toBe('generic');
  });

  it('Hong Kong: Cantonese characters', () => {
    const d = detectScript('佢哋喺度食緊嘢，我哋唔知點算。');
    expect(d.region).toBe('hk');
    expect(d.from).toBe('hkp');
    expect(detectScript('佢哋喺度食緊嘢，我哋唔知點算。', undefined, { phrases: false }).from).toBe('hk');
  });

  it("Hong Kong: its own variant forms (衞, 衹) and words from OpenCC's Hong Kong phrase table", () => {
    expect(detectScript('衞生署今日公布，市民衹需留意。').region).toBe('hk');
    expect(detectScript('佐治·古尼主演的電影在密芝根州上映。').region).toBe('hk');
  });

  it('generic Traditional: OpenCC t2s; with phrases, vocabulary Taiwan and Hong Kong share goes through hkp', () => {
    const plain = detectScript('這是一個普通的句子，沒有地區特徵。');
    expect(plain.region).toBe('generic');
    expect(plain.from).toBe('t');
    const shared = detectScript('滑鼠和硬碟都壞了，請幫忙。');
    expect(shared.region).toBe('generic');
    expect(shared.evidence.regional).toBe(2);
    expect(shared.from).toBe('hkp');
    expect(detectScript('滑鼠和硬碟都壞了，請幫忙。', undefined, { phrases: false }).from).toBe('t');
  });

  it('the URL host decides when it is a known Taiwan or Hong Kong site', () => {
    expect(detectScript('這是一個普通的句子。', 'https://udn.com/news/1').region).toBe('tw');
    expect(detectScript('這是一個普通的句子。', 'https://news.rthk.hk/x').region).toBe('hk');
    expect(detectScript('這是一個普通的句子。', 'not a url').region).toBe('generic');
  });

  it("mostly Simplified text is never given Taiwan's tables (they turn 显著 into 显着)", () => {
    const d = detectScript('这一效果十分显著，专著也不少，文章还提到了臺灣和臺北。');
    expect(d.region).toBe('tw');
    expect(d.from === 'hk' || d.from === 'hkp').toBe(true);
  });
});

describe('fixedRegion', () => {
  it('maps a configured region and phrase mode to a converter', () => {
    expect(fixedRegion('cn', true)).toBeUndefined();
    expect(fixedRegion('generic', true)).toBe('t');
    expect(fixedRegion('generic', false)).toBe('t');
    expect(fixedRegion('tw', true)).toBe('twp');
    expect(fixedRegion('tw', false)).toBe('tw');
    expect(fixedRegion('hk', true)).toBe('hkp');
    expect(fixedRegion('hk', false)).toBe('hk');
  });
});

describe('detectScript: the same decisions and evidence as before the flat converters', () => {
  // Computed with opencc-js's own converters and the previous counting code (regular expressions for the
  // character cues, a Map of first characters for the phrase cues, `for...of` for 着).
  const articles = readdirSync(path.join(ROOT, 'corpus'))
    .sort()
    .map((f) => readFileSync(path.join(ROOT, 'corpus', f), 'utf8'));
  const texts = articles.flatMap((a) => [a, toTraditional()(a)]);
  texts.push('佢哋喺度食緊嘢，我哋唔知點算。臺北的線路裡，他看著電視，軟體和滑鼠、硬碟壞了。衞生署衹需留意。'.repeat(3));
  texts.push('我們在臺北看著電影，軟體工程師們都睡著了。著作與顯著。𠀀𠀀 ⿰氵 密芝根州');
  const expected = [
    ['simplified', 'cn', 'hk', { traditional: 5, simplified: 1274, tw: 0, hk: 0, regional: 0 }],
    ['traditional', 'tw', 'twp', { traditional: 1279, simplified: 0, tw: 10, hk: 0, regional: 0 }],
    ['simplified', 'cn', null, { traditional: 0, simplified: 0, tw: 0, hk: 0, regional: 0 }],
    ['traditional', 'tw', 'twp', { traditional: 1681, simplified: 0, tw: 18, hk: 0, regional: 0 }],
    ['simplified', 'cn', null, { traditional: 0, simplified: 0, tw: 0, hk: 0, regional: 0 }],
    ['traditional', 'tw', 'twp', { traditional: 1448, simplified: 0, tw: 14, hk: 0, regional: 0 }],
    ['traditional', 'tw', 'twp', { traditional: 890, simplified: 40, tw: 20, hk: 0, regional: 0 }],
    ['traditional', 'tw', 'twp', { traditional: 930, simplified: 0, tw: 20, hk: 0, regional: 0 }],
    ['traditional', 'hk', 'hkp', { traditional: 36, simplified: 0, tw: 15, hk: 24, regional: 6 }],
    ['traditional', 'tw', 'twp', { traditional: 9, simplified: 0, tw: 4, hk: 1, regional: 0 }],
  ];

  it('on the sample articles, their Traditional forms and texts full of regional cues', () => {
    const got = texts.map((t) => {
      const d = detectScript(t);
      return [d.script, d.region, d.from ?? null, d.evidence];
    });
    expect(got).toEqual(expected);
  });
});
