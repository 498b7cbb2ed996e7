import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as OpenCC from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { prng } from '../bench/corpus.js';
import { CONVERSIONS, toSimplified, toTraditional, type FromLocale } from '../src/text/convert.js';
import { flatConverter, type Config, type Dict } from '../src/text/opencc-flat.js';
import { ROOT } from './helpers.js';

/**
 * The flat converters against opencc-js itself, for every conversion qingxi runs (`CONVERSIONS`): each to
 * Simplified from `t`, `tw`, `twp`, `hk`, `hkp`, and Simplified to generic Traditional. (All 8.5 M characters of
 * the text-dump bench corpus were also checked, line by line and in runs of lines, by bench/opencc-flat.ts.)
 */


/** Every key and value of a configuration's dictionaries. */
function words(name: string): { keys: string[]; values: string[] } {
  const config = (OpenCC.Locale.configs as unknown as Record<string, Config>)[name]!;
  const dicts: Dict[] = [];
  for (const g of [...(config.normalizationChain ?? []), ...config.conversionChain]) dicts.push(...g);
  const seg = config.segmentation;
  if (typeof seg === 'string') dicts.push(seg);
  else if (seg) dicts.push(...(seg as Dict[]));
  const keys = new Set<string>();
  const values = new Set<string>();
  for (const d of dicts) {
    const pairs = typeof d === 'string' ? d.split('|').map((e) => e.split(' ') as [string, string]) : d;
    for (const [k, v] of pairs) {
      keys.add(k);
      values.add(v);
    }
  }
  return { keys: [...keys], values: [...values] };
}

/**
 * Awkward pieces: line breaks, spaces, Latin, a supplementary-plane ideograph, ideographic description characters
 * (opencc-js steps over them with their operands), lone surrogates, a compatibility ideograph (normalised).
 */
const ODD = ['\n', ' ', 'a', 'GPT-3.5', '\u{20000}', '\u{2A6D6}', '⿰', '⿱氵', '⿲', '\uD840', '\uDC00', '\uF900', '。', ''];

function randomTexts(keys: string[], values: string[], seed: number, count: number): string[] {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const parts: string[] = [];
    const n = 1 + Math.floor(r() * 12);
    for (let j = 0; j < n; j++) {
      const x = r();
      if (x < 0.55) parts.push(pick(keys));
      else if (x < 0.75) parts.push(pick(values));
      else if (x < 0.85) {
        // Part of a key: a prefix of a phrase, which may or may not continue into the next piece.
        const k = pick(keys);
        parts.push(k.slice(0, 1 + Math.floor(r() * k.length)));
      } else if (x < 0.95) parts.push(pick(ODD));
      else parts.push(String.fromCharCode(0x4e00 + Math.floor(r() * 0x5200)));
    }
    out.push(parts.join(''));
  }
  return out;
}

const sampleLines = readdirSync(path.join(ROOT, 'corpus'))
  .sort()
  .flatMap((f) => readFileSync(path.join(ROOT, 'corpus', f), 'utf8').split('\n'));

describe('flatConverter: the same output as opencc-js', () => {
  for (const [from, to, name] of CONVERSIONS) {
    describe(`${from} → ${to} (${name})`, () => {
      const slow = OpenCC.Converter({ from, to } as Parameters<typeof OpenCC.Converter>[0]);
      const fast = flatConverter(name, () => slow)!;
      const { keys, values } = words(name);

      it('is built from the configuration', () => {
        expect(fast).toBeTypeOf('function');
      });

      it('on every line of the sample corpus, and on each article whole', () => {
        for (const line of sampleLines) expect(fast(line)).toBe(slow(line));
        expect(fast(sampleLines.join('\n'))).toBe(slow(sampleLines.join('\n')));
        // Traditional text, so that most characters change.
        const trad = toTraditional()(sampleLines.join('\n'));
        expect(fast(trad)).toBe(slow(trad));
      });

      it('on every dictionary key and value, one a line and all run together', () => {
        for (const list of [keys, values]) {
          expect(fast(list.join('\n'))).toBe(slow(list.join('\n')));
          expect(fast(list.join(''))).toBe(slow(list.join('')));
        }
      });

      it('on random texts built from dictionary keys, values, parts of keys and awkward characters', () => {
        const texts = randomTexts(keys, values, 0x5eed + name.length, 3000);
        const differing = texts.filter((t) => fast(t) !== slow(t));
        expect(differing).toEqual([]);
        // The same texts, also as one long text (converted through Node's UTF-16 codec).
        expect(fast(texts.join(''))).toBe(slow(texts.join('')));
      });

      it('on edge cases: empty text, lone surrogates, text ending inside a phrase, description sequences', () => {
        for (const t of ['', '\uD840', '\uDC00漢', '漢\uD840', '\u{20000}\u{20000}', '⿰氵', '⿰', '⿰\n氵', '乾隆', '乾']) {
          expect(fast(t)).toBe(slow(t));
        }
      });
    });
  }

  it('returns the text itself when nothing changes', () => {
    const text = '这是简体中文。'.repeat(100);
    expect(flatConverter('t2s', () => (s) => s)!(text)).toBe(text);
  });

  it('is not built for a configuration opencc-js does not have', () => {
    expect(flatConverter('xx2yy', () => (s) => s)).toBeUndefined();
  });
});

describe("qingxi's converters are opencc-js's", () => {
  it('toSimplified and toTraditional give what opencc-js gives, line by line and whole', () => {
    const text = sampleLines.join('\n');
    const trad = OpenCC.Converter({ from: 'cn', to: 't' })(text);
    expect(toTraditional()(text)).toBe(trad);
    for (const from of ['t', 'tw', 'twp', 'hk', 'hkp'] as FromLocale[]) {
      const slow = OpenCC.Converter({ from, to: 'cn' });
      expect(toSimplified(from)(trad)).toBe(slow(trad));
      for (const line of trad.split('\n')) expect(toSimplified(from)(line)).toBe(slow(line));
    }
  });
});
