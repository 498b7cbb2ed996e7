import { describe, expect, it } from 'vitest';
import { commonHanShare, decode, DecodeError, sniffHtmlCharset } from '../src/io/decode.js';
import { hex } from './helpers.js';

// Legacy-encoded bytes were produced at authoring time with Python's codecs, e.g.
// '中文编码测试：我们的国家有很多人在学习大模型。'.encode('gbk').hex()
const GBK_TEXT = '中文编码测试：我们的国家有很多人在学习大模型。';
const GBK = hex('d6d0cec4b1e0c2ebb2e2cad4a3baced2c3c7b5c4b9fabcd2d3d0badcb6e0c8cbd4dad1a7cfb0b4f3c4a3d0cda1a3');
const BIG5_TEXT = '這是繁體中文的測試，我們說話的時候會學習大模型。';
const BIG5 = hex('b36fac4fc163c5e9a4a4a4e5aabab4fab8d5a141a7daadccbba1b8dcaabaaec9add4b77cbec7b2dfa46abcd2abaca143');
// '中文𠀀测试'.encode('gb18030'): 𠀀 (U+20000) is a four-byte GB18030 sequence that GBK does not have.
const GB18030_4BYTE = hex('d6d0cec495328236b2e2cad4');
// '<html><head><meta charset="gb2312"><title>测试</title></head><body><p>中文网页的正文内容。</p></body></html>'
const GBK_PAGE = hex(
  '3c68746d6c3e3c686561643e3c6d65746120636861727365743d22676232333132223e3c7469746c653eb2e2cad43c2f7469746c653e3c2f68' +
    '6561643e3c626f64793e3c703ed6d0cec4cdf8d2b3b5c4d5fdcec4c4dac8dda1a33c2f703e3c2f626f64793e3c2f68746d6c3e',
);
// '<html><head><meta http-equiv="Content-Type" content="text/html; charset=big5"></head><body><p>這是繁體中文的網頁內容。</p></body></html>'
const BIG5_PAGE = hex(
  '3c68746d6c3e3c686561643e3c6d65746120687474702d65717569763d22436f6e74656e742d547970652220636f6e74656e743d2274657874' +
    '2f68746d6c3b20636861727365743d62696735223e3c2f686561643e3c626f64793e3c703eb36fac4fc163c5e9a4a4a4e5aababaf4adb6a4' +
    'baae65a1433c2f703e3c2f626f64793e3c2f68746d6c3e',
);

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

function utf16be(s: string): Uint8Array {
  const le = Buffer.from(s, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1]!;
    be[i + 1] = le[i]!;
  }
  return new Uint8Array(be);
}

/** Deterministic pseudo-random bytes (a linear congruential generator), for "binary" input. */
function noise(n: number, seed = 12345): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe('decode: Unicode encodings', () => {
  const text = '大模型GPT-3.5的成绩是68.74分。\nChatGPT 和 Llama 2。';

  it('reads valid UTF-8 as UTF-8 without warnings', () => {
    const d = decode(utf8(text));
    expect(d).toMatchObject({ text, encoding: 'utf-8', via: 'utf-8' });
    expect(d.warnings).toEqual([]);
  });

  it('strips a UTF-8 byte-order mark', () => {
    const d = decode(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]));
    expect(d).toMatchObject({ text, encoding: 'utf-8', via: 'bom' });
    expect(d.text.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('reads UTF-16 LE and BE with a byte-order mark', () => {
    const le = decode(new Uint8Array([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]));
    expect(le).toMatchObject({ text, encoding: 'utf-16le', via: 'bom' });
    const be = decode(new Uint8Array([0xfe, 0xff, ...utf16be(text)]));
    expect(be).toMatchObject({ text, encoding: 'utf-16be', via: 'bom' });
  });

  it('keeps characters outside the BMP (surrogate pairs) in UTF-16', () => {
    const s = '𠀀字和😀表情';
    expect(decode(new Uint8Array([0xff, 0xfe, ...Buffer.from(s, 'utf16le')])).text).toBe(s);
  });

  it('reports a UTF-16 byte-order mark over bytes that are not UTF-16', () => {
    // An odd number of bytes after the BOM cannot be UTF-16.
    expect(() => decode(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x42]))).toThrow(DecodeError);
  });

  it('detects mostly-ASCII UTF-16 without a byte-order mark, with a warning', () => {
    const s = 'Hello world, this is UTF-16 text with 中文 in it.';
    const d = decode(new Uint8Array(Buffer.from(s, 'utf16le')));
    expect(d).toMatchObject({ text: s, encoding: 'utf-16le' });
    expect(d.warnings.join(' ')).toMatch(/byte-order mark/);
  });
});

describe('decode: GB18030/GBK and Big5', () => {
  it('the test bytes are ambiguous: each decodes without error as both GB18030 and Big5', () => {
    for (const bytes of [GBK, BIG5]) {
      for (const enc of ['gb18030', 'big5']) {
        expect(() => new TextDecoder(enc, { fatal: true }).decode(bytes)).not.toThrow();
      }
    }
  });

  it('reads GBK bytes as GB18030 (common characters decide)', () => {
    const d = decode(GBK);
    expect(d).toMatchObject({ text: GBK_TEXT, encoding: 'gb18030', via: 'detected' });
    expect(d.warnings).toEqual([]);
  });

  it('reads Big5 bytes as Big5 (common characters decide)', () => {
    const d = decode(BIG5);
    expect(d).toMatchObject({ text: BIG5_TEXT, encoding: 'big5', via: 'detected' });
  });

  it('reads four-byte GB18030 sequences', () => {
    expect(decode(GB18030_4BYTE)).toMatchObject({ text: '中文𠀀测试', encoding: 'gb18030' });
  });

  it('common-character share separates right from wrong decodings', () => {
    const wrong = new TextDecoder('big5').decode(GBK);
    expect(commonHanShare(GBK_TEXT)).toBeGreaterThan(0.5);
    expect(commonHanShare(wrong)).toBeLessThan(0.2);
    expect(commonHanShare('no Han at all')).toBe(1);
  });

  it('decodes a GBK file cut in the middle of its last character, with a warning', () => {
    const three = new Uint8Array([...GBK, ...GBK, ...GBK]);
    const cut = three.subarray(0, three.length - 1);
    const d = decode(cut);
    expect(d.encoding).toBe('gb18030');
    expect(d.via).toBe('lossy');
    expect(d.text.startsWith(GBK_TEXT + GBK_TEXT)).toBe(true);
    expect(d.text.endsWith('\uFFFD')).toBe(true);
    expect(d.warnings.join(' ')).toMatch(/invalid GB18030: 1 byte sequence/);
  });
});

describe('decode: HTML meta charset', () => {
  it('finds <meta charset> and http-equiv declarations', () => {
    expect(sniffHtmlCharset(GBK_PAGE)).toBe('gb18030');
    expect(sniffHtmlCharset(BIG5_PAGE)).toBe('big5');
    expect(sniffHtmlCharset(utf8('<html><head><title>x</title></head></html>'))).toBeUndefined();
  });

  it('decodes a page with the charset its meta declares', () => {
    const g = decode(GBK_PAGE, { html: true });
    expect(g).toMatchObject({ encoding: 'gb18030', via: 'meta' });
    expect(g.text).toContain('<p>中文网页的正文内容。</p>');
    const b = decode(BIG5_PAGE, { html: true });
    expect(b).toMatchObject({ encoding: 'big5', via: 'meta' });
    expect(b.text).toContain('<p>這是繁體中文的網頁內容。</p>');
  });

  it('a page re-saved as UTF-8 that still declares gbk is read as UTF-8, not as mojibake', () => {
    // These UTF-8 bytes also decode without error as GB18030, into mojibake (涓 U+E15F 枃).
    const page = utf8('<meta charset="gbk"><p>中文</p>');
    expect(new TextDecoder('gb18030', { fatal: true }).decode(page)).toContain('<p>\u6d93\ue15f\u6783</p>');
    const d = decode(page, { html: true });
    expect(d.encoding).toBe('utf-8');
    expect(d.text).toContain('<p>中文</p>');
    expect(d.warnings.join(' ')).toMatch(/declares charset gbk but is valid UTF-8/);
  });

  it('a declaration that does not fit the bytes is reported and detection takes over', () => {
    const page = new Uint8Array([...utf8('<meta charset="utf-8"><p>'), ...GBK, ...utf8('</p>')]);
    const d = decode(page, { html: true });
    expect(d.encoding).toBe('gb18030');
    expect(d.text).toContain(GBK_TEXT);
    expect(d.warnings.join(' ')).toMatch(/declares charset utf-8 but is not valid utf-8/);
  });

  it('plain text files ignore anything that looks like a meta tag', () => {
    expect(decode(GBK_PAGE).via).toBe('detected');
  });
});

describe('decode: bad bytes', () => {
  it('decodes invalid UTF-8 with a few bad bytes lossily, with a warning that counts them', () => {
    const good = '这是一段正常的中文文字，用来测试无效的编码。'.repeat(5);
    const bytes = new Uint8Array([...utf8(good), 0xff, 0xfe, 0x80, ...utf8('后面还有文字。')]);
    const d = decode(bytes);
    expect(d).toMatchObject({ encoding: 'utf-8', via: 'lossy' });
    expect(d.text.startsWith(good)).toBe(true);
    expect(d.text.endsWith('后面还有文字。')).toBe(true);
    expect(d.warnings).toEqual(['invalid UTF-8: 3 byte sequence(s) replaced with U+FFFD']);
  });

  it('refuses bytes with NULs as binary', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    expect(() => decode(png)).toThrow(/binary/);
  });

  it('refuses random bytes', () => {
    expect(() => decode(noise(4096))).toThrow(DecodeError);
  });

  it('refuses high-bit noise without control bytes that no encoding reads cleanly', () => {
    const bytes = noise(4096, 99).map((b) => 0x80 | b);
    expect(() => decode(bytes)).toThrow(/not valid UTF-8, UTF-16, GB18030 or Big5/);
  });
});
