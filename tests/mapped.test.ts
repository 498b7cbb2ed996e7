import { describe, expect, it } from 'vitest';
import { MappedText } from '../src/text/mapped.js';

/** The source text each code unit of `m` maps to. */
function sources(m: MappedText, source: string): string[] {
  return [...m.text].map((_, i) => source.slice(m.starts[i], m.ends[i]));
}

describe('MappedText', () => {
  const source = '前言\n大模型GPT-3.5的成绩是６８．７４分, 很好!';

  it('fromSource maps each code unit to itself, from an offset', () => {
    const m = MappedText.fromSource('GPT', 10);
    expect([...m.starts]).toEqual([10, 11, 12]);
    expect([...m.ends]).toEqual([11, 12, 13]);
    expect(m.sourceStart).toBe(10);
    expect(m.sourceEnd).toBe(13);
    expect(MappedText.empty().sourceStart).toBeUndefined();
    expect(() => new MappedText('ab', new Uint32Array(1), new Uint32Array(1))).toThrow(/does not match/);
  });

  it('slice keeps the source spans of the kept code units', () => {
    const line = MappedText.fromSource(source.slice(3), 3);
    const s = line.slice(3, 10);
    expect(s.text).toBe('GPT-3.5');
    expect(s.sourceSpan()).toEqual({ start: 6, end: 13 });
    expect(source.slice(s.sourceStart, s.sourceEnd)).toBe('GPT-3.5');
    expect(line.slice(2, 2).length).toBe(0);
  });

  it('replace with a same-length replacement maps code unit to code unit', () => {
    const m = MappedText.fromSource(source).replace(/[０-９．]/g, (x) =>
      String.fromCharCode(x[0]!.charCodeAt(0) - 0xfee0),
    );
    expect(m.text).toContain('68.74分');
    const at = m.text.indexOf('68.74');
    for (let i = 0; i < 5; i++) {
      expect(m.starts[at + i]).toBe(source.indexOf('６８．７４') + i);
      expect(m.ends[at + i]).toBe(source.indexOf('６８．７４') + i + 1);
    }
  });

  it('replace with a longer or shorter replacement maps each new code unit to the whole match', () => {
    const m = MappedText.fromSource(source).replace(/, /g, '，');
    const i = m.text.indexOf('，');
    const j = source.indexOf(', ');
    expect([m.starts[i], m.ends[i]]).toEqual([j, j + 2]);
    // Text after the edit still maps to where it came from.
    expect(sources(m, source).slice(i + 1).join('')).toBe('很好!');
    const longer = MappedText.fromSource('a&b').replace(/&/g, ' and ');
    expect(longer.text).toBe('a and b');
    expect(sources(longer, 'a&b')).toEqual(['a', '&', '&', '&', '&', '&', 'b']);
  });

  it('replace can delete, leaves unchanged text alone, and insists on a global RegExp', () => {
    const m = MappedText.fromSource('a  b   c');
    const d = m.replace(/ +/g, '');
    expect(d.text).toBe('abc');
    expect([...d.starts]).toEqual([0, 3, 7]);
    expect(m.replace(/x/g, 'y')).toBe(m);
    expect(m.replace(/a/g, 'a')).toBe(m);
    expect(() => m.replace(/a/, 'b')).toThrow(/global/);
  });

  it('replace skips empty matches instead of looping', () => {
    const m = MappedText.fromSource('abc').replace(/x*/g, '-');
    expect(m.text).toBe('abc');
  });

  it('concat joins pieces and their maps; a separator maps to an empty span at the end of the piece before it', () => {
    const a = MappedText.fromSource('GPT', 0);
    const b = MappedText.fromSource('3.5', 10);
    const c = MappedText.concat([a, b], '-');
    expect(c.text).toBe('GPT-3.5');
    expect([...c.starts]).toEqual([0, 1, 2, 3, 10, 11, 12]);
    expect([...c.ends]).toEqual([1, 2, 3, 3, 11, 12, 13]);
    expect(c.sourceSpan()).toEqual({ start: 0, end: 13 });
    expect(MappedText.concat([]).text).toBe('');
    expect(MappedText.concat([MappedText.empty(), a, MappedText.empty()]).text).toBe('GPT');
    // Concatenating must not disturb the parts.
    expect([...a.starts]).toEqual([0, 1, 2]);
  });

  it('trim drops white space at both ends and keeps the spans of what is left', () => {
    const m = MappedText.fromSource('  \u3000中文 text\t \n', 5).trim();
    expect(m.text).toBe('中文 text');
    expect(m.sourceSpan()).toEqual({ start: 8, end: 15 });
    expect(MappedText.fromSource('   ').trim().text).toBe('');
    const already = MappedText.fromSource('x');
    expect(already.trim()).toBe(already);
  });

  it('mapChars keeps the maps and requires one code unit per code unit', () => {
    const m = MappedText.fromSource('ＡＢ', 7).mapChars((c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
    expect(m.text).toBe('AB');
    expect([...m.starts]).toEqual([7, 8]);
    expect(() => MappedText.fromSource('a').mapChars(() => 'ab')).toThrow(/one code unit/);
  });

  it('spanning maps every code unit to one span', () => {
    const m = MappedText.spanning('&', 4, 9);
    expect(m.sourceSpan()).toEqual({ start: 4, end: 9 });
  });

  it('sourceSpan of a range covers every code unit in it, also after reordering edits', () => {
    const m = MappedText.concat([MappedText.fromSource('cd', 2), MappedText.fromSource('ab', 0)]);
    expect(m.sourceSpan(0, 4)).toEqual({ start: 0, end: 4 });
    expect(m.sourceSpan(1, 3)).toEqual({ start: 0, end: 4 });
    expect(m.sourceSpan(2, 2)).toEqual({ start: 0, end: 0 });
    expect(m.sourceSpan(4, 4)).toEqual({ start: 2, end: 2 });
  });

  it('edits of a slice never change the text it was sliced from (maps may be shared, never written)', () => {
    const whole = MappedText.fromSource('ＧＰＴ-3.5, 很好!', 20);
    const starts = [...whole.starts];
    const ends = [...whole.ends];
    const part = whole.slice(0, 9);
    part.mapChars((c) => (c >= 'Ａ' && c <= 'Ｚ' ? String.fromCharCode(c.charCodeAt(0) - 0xfee0) : c));
    part.replace(/, /g, '，').trim();
    MappedText.concat([part, whole.slice(9)], ' ');
    expect(whole.text).toBe('ＧＰＴ-3.5, 很好!');
    expect([...whole.starts]).toEqual(starts);
    expect([...whole.ends]).toEqual(ends);
  });

  describe('aligned (decoded text against its source, e.g. an HTML text node)', () => {
    const check = (value: string, raw: string) => {
      const m = MappedText.aligned(value, raw, 100);
      const src = ' '.repeat(100) + raw;
      return Array.from({ length: value.length }, (_, i) => src.slice(m.starts[i], m.ends[i]));
    };

    it('maps unchanged characters to themselves and references to the reference', () => {
      expect(check('A&B 中文\u00a0测试', 'A&amp;B 中文&nbsp;测试')).toEqual(['A', '&', 'B', ' ', '中', '文', '&nbsp;', '测', '试']);
      expect(check('中中', '&#x4e2d;&#20013;')).toEqual(['&#x4e2d;', '&#20013;']);
      expect(check('<p>', '&lt;p&gt;')).toEqual(['&lt;', 'p', '&gt;']);
      expect(check('©2024', '&copy2024')).toEqual(['&copy', '2', '0', '2', '4']);
    });

    it('handles CRLF, a dropped leading newline, and astral references', () => {
      expect(check('一\n二', '一\r\n二')).toEqual(['一', '\n', '二']);
      expect(check('x', '\nx')).toEqual(['x']);
      expect(check('𠀀!', '&#x20000;!')).toEqual(['&#x20000;', '&#x20000;', '!']);
    });

    it('is fromSource when nothing was decoded', () => {
      const m = MappedText.aligned('abc', 'abc', 5);
      expect([...m.starts]).toEqual([5, 6, 7]);
    });

    it('maps what cannot be lined up to the rest of the source', () => {
      const m = MappedText.aligned('xyz', 'abcdefghijklmnopqrstuvwxyz0123456789abcdefghij', 0);
      expect(m.sourceSpan()).toEqual({ start: 0, end: 46 });
    });
  });

  it('a chain of edits keeps every surviving character pointing at itself in the source', () => {
    const src = '  第一行, 有ＡＳＣＩＩ标点!  \n第二行 GPT-3.5。';
    const lines = src.split('\n');
    let off = 0;
    const parts = lines.map((l) => {
      const m = MappedText.fromSource(l, off);
      off += l.length + 1;
      return m.trim().replace(/, /g, '，').replace(/!/g, '！');
    });
    const joined = MappedText.concat(parts).mapChars((c) =>
      /[Ａ-Ｚ]/.test(c) ? String.fromCharCode(c.charCodeAt(0) - 0xfee0) : c,
    );
    expect(joined.text).toBe('第一行，有ASCII标点！第二行 GPT-3.5。');
    const back = sources(joined, src);
    [...joined.text].forEach((ch, i) => {
      if (/[\u4e00-\u9fff0-9.\-]/.test(ch)) expect(back[i]).toBe(ch);
    });
    expect(back[joined.text.indexOf('！')]).toBe('!');
    expect(back[joined.text.indexOf('A')]).toBe('Ａ');
  });
});
