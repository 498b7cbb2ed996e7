import { describe, expect, it } from 'vitest';
import { CollapsedText } from '../src/text/collapsed.js';
import { MappedText } from '../src/text/mapped.js';

/** Text and maps of `m`, to compare two mapped texts. */
function plain(m: MappedText) {
  return { text: m.text, starts: [...m.starts], ends: [...m.ends] };
}

describe('CollapsedText', () => {
  const html = '<p>\n  大模型&nbsp;的 <b>训练</b>\r\n\t成本\u3000 很高 </p>';

  // Pieces as html-blocks adds them: text taken from the source as is, and text aligned with its references.
  const pieces: [string, number, string?][] = [
    ['\n  大模型', 3],
    ['\u00a0的 ', 9, '&nbsp;的 '],
    ['训练', 20],
    ['\r\n\t成本\u3000 很高 ', 26],
  ];

  it('gives the text and maps of concat, white space collapsed, trimmed', () => {
    const c = new CollapsedText();
    const parts: MappedText[] = [];
    for (const [value, offset, raw] of pieces) {
      expect(html.slice(offset, offset + (raw ?? value).length)).toBe(raw ?? value);
      if (raw === undefined) {
        c.addSource(value, offset);
        parts.push(MappedText.fromSource(value, offset));
      } else {
        const m = MappedText.aligned(value, raw, offset);
        c.addMapped(m);
        parts.push(m);
      }
    }
    const expected = MappedText.concat(parts).replace(/\s+/g, ' ').trim();
    expect(expected.text).toBe('大模型 的 训练 成本 很高');
    expect(plain(c.text())).toEqual(plain(expected));
  });

  it('maps a run of white space to the whole run, a single white space code unit to itself', () => {
    const c = new CollapsedText();
    c.addSource('a \n b\tc', 0);
    const t = c.text();
    expect(t.text).toBe('a b c');
    expect([t.starts[1], t.ends[1]]).toEqual([1, 4]);
    expect([t.starts[3], t.ends[3]]).toEqual([5, 6]);
  });

  it('is empty for no pieces or white space only', () => {
    expect(new CollapsedText().text().length).toBe(0);
    const c = new CollapsedText();
    c.addSource(' \n ', 4);
    c.addSource('\u3000', 7);
    expect(c.text().length).toBe(0);
  });
});
