import { COMMON_HAN } from './common-han.js';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'big5';

export interface Decoded {
  text: string;
  encoding: Encoding;
  /** How the encoding was chosen. */
  via: 'bom' | 'meta' | 'utf-8' | 'detected' | 'lossy';
  warnings: string[];
}

export class DecodeError extends Error {}

const LABELS: Record<string, Encoding> = {
  'utf-8': 'utf-8', utf8: 'utf-8',
  gb2312: 'gb18030', gbk: 'gb18030', gb18030: 'gb18030', 'x-gbk': 'gb18030', cp936: 'gb18030', 'euc-cn': 'gb18030',
  big5: 'big5', 'big5-hkscs': 'big5', 'x-x-big5': 'big5', cp950: 'big5',
  'utf-16': 'utf-16le', 'utf-16le': 'utf-16le', 'utf-16be': 'utf-16be',
};

function tryDecode(bytes: Uint8Array, enc: Encoding): string | undefined {
  try {
    return new TextDecoder(enc, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** The charset a HTML document declares in its first 4 KiB (`<meta charset>` or `http-equiv` content). */
export function sniffHtmlCharset(bytes: Uint8Array): Encoding | undefined {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)/i.exec(head);
  return m ? LABELS[m[1]!.toLowerCase()] : undefined;
}

/** Share of Han characters in `text` that are among the most common ones (1 when there is no Han at all). */
export function commonHanShare(text: string): number {
  let han = 0;
  let common = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x3400 && c <= 0x9fff) {
      han++;
      if (COMMON_HAN.has(ch)) common++;
    }
  }
  return han === 0 ? 1 : common / han;
}

function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) controls++;
  }
  return controls > n * 0.05;
}

/** UTF-16 without a BOM: text that is mostly ASCII or CJK shows NUL bytes at every other position. */
function sniffUtf16(bytes: Uint8Array): Encoding | undefined {
  const n = Math.min(bytes.length - (bytes.length % 2), 4096);
  if (n < 4) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.3 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.3 && oddZero < pairs * 0.05) return 'utf-16be';
  return undefined;
}

/**
 * Decode a file's bytes: BOM first, then the HTML meta charset, then UTF-8 when it is valid, else GB18030 or Big5,
 * whichever decodes without error and yields more common characters. A file with a few invalid UTF-8 sequences
 * and nothing better is decoded with U+FFFD and a warning; binary or undecodable bytes throw a DecodeError.
 */
export function decode(bytes: Uint8Array, opts: { html?: boolean } = {}): Decoded {
  const warnings: string[] = [];
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const text = tryDecode(bytes.subarray(3), 'utf-8');
    if (text !== undefined) return { text, encoding: 'utf-8', via: 'bom', warnings };
  }
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const enc: Encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    const text = tryDecode(bytes.subarray(2), enc);
    if (text !== undefined) return { text, encoding: enc, via: 'bom', warnings };
    throw new DecodeError(`has a ${enc} byte-order mark but is not valid ${enc}`);
  }
  const utf16 = sniffUtf16(bytes);
  if (utf16) {
    const text = tryDecode(bytes, utf16);
    if (text !== undefined) return { text, encoding: utf16, via: 'detected', warnings: [`no byte-order mark; decoded as ${utf16}`] };
  }
  if (opts.html) {
    const declared = sniffHtmlCharset(bytes);
    if (declared && declared !== 'utf-16le' && declared !== 'utf-16be') {
      const text = tryDecode(bytes, declared);
      if (text !== undefined) return { text, encoding: declared, via: 'meta', warnings };
      warnings.push(`declares charset ${declared} but is not valid ${declared}; detecting instead`);
    }
  }
  if (looksBinary(bytes)) throw new DecodeError('looks like a binary file (NUL or control bytes), not text');
  const utf8 = tryDecode(bytes, 'utf-8');
  if (utf8 !== undefined) return { text: utf8, encoding: 'utf-8', via: 'utf-8', warnings };

  const candidates: { enc: Encoding; text: string; share: number }[] = [];
  for (const enc of ['gb18030', 'big5'] as const) {
    const text = tryDecode(bytes, enc);
    if (text !== undefined) candidates.push({ enc, text, share: commonHanShare(text) });
  }
  candidates.sort((a, b) => b.share - a.share);
  const best = candidates[0];
  if (best && best.share >= 0.2) {
    return { text: best.text, encoding: best.enc, via: 'detected', warnings };
  }
  const lossy = new TextDecoder('utf-8').decode(bytes);
  let bad = 0;
  for (let i = lossy.indexOf('\uFFFD'); i !== -1; i = lossy.indexOf('\uFFFD', i + 1)) bad++;
  if (bad <= Math.max(3, lossy.length * 0.01)) {
    warnings.push(`invalid UTF-8: ${bad} byte sequence(s) replaced with U+FFFD`);
    return { text: lossy, encoding: 'utf-8', via: 'lossy', warnings };
  }
  throw new DecodeError('is not valid UTF-8, UTF-16, GB18030 or Big5 text');
}
