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

function declaredCharset(bytes: Uint8Array): { label: string; enc: Encoding | undefined } | undefined {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)/i.exec(head);
  if (!m) return undefined;
  const label = m[1]!.toLowerCase();
  return { label, enc: LABELS[label] };
}

/** The charset a HTML document declares in its first 4 KiB (`<meta charset>` or `http-equiv` content). */
export function sniffHtmlCharset(bytes: Uint8Array): Encoding | undefined {
  return declaredCharset(bytes)?.enc;
}

function hasNonAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return true;
  return false;
}

function countReplacements(text: string): number {
  let bad = 0;
  for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) bad++;
  return bad;
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
 * whichever decodes without error and yields more common characters. A HTML page whose bytes are valid UTF-8 is
 * UTF-8 whatever its meta says (with a warning). A file with a few invalid sequences and nothing better is
 * decoded with U+FFFD and a warning; binary or undecodable bytes throw a DecodeError.
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
    const declared = declaredCharset(bytes);
    const enc = declared?.enc;
    if (declared && enc && enc !== 'utf-16le' && enc !== 'utf-16be') {
      // Scrapers often re-save a GBK page as UTF-8 and leave its <meta charset> alone. GB18030 accepts most byte
      // pairs, so UTF-8 read as GB18030 "decodes" into mojibake (中文 -> 涓枃); but GBK text is practically never
      // valid UTF-8. Valid UTF-8 with non-ASCII bytes therefore wins over a legacy declaration.
      const utf8 = enc !== 'utf-8' && hasNonAscii(bytes) ? tryDecode(bytes, 'utf-8') : undefined;
      if (utf8 !== undefined) {
        warnings.push(`declares charset ${declared.label} but is valid UTF-8; decoded as UTF-8`);
        return { text: utf8, encoding: 'utf-8', via: 'utf-8', warnings };
      }
      const text = tryDecode(bytes, enc);
      if (text !== undefined) return { text, encoding: enc, via: 'meta', warnings };
      warnings.push(`declares charset ${declared.label} but is not valid ${declared.label}; detecting instead`);
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
  // Nothing decodes cleanly: a few bad sequences (a stray byte, a file cut in the middle of a character) are
  // replaced with U+FFFD rather than losing the article. UTF-8 first; GB18030 and Big5 only when their text is
  // made of common characters.
  const lossyLimit = (text: string) => Math.max(3, text.length * 0.01);
  for (const enc of ['utf-8', 'gb18030', 'big5'] as const) {
    const text = new TextDecoder(enc).decode(bytes);
    const bad = countReplacements(text);
    if (bad > lossyLimit(text) || (enc !== 'utf-8' && commonHanShare(text) < 0.2)) continue;
    const name = enc === 'utf-8' ? 'UTF-8' : enc.toUpperCase();
    warnings.push(`invalid ${name}: ${bad} byte sequence(s) replaced with U+FFFD`);
    return { text, encoding: enc, via: 'lossy', warnings };
  }
  throw new DecodeError('is not valid UTF-8, UTF-16, GB18030 or Big5 text');
}
