/**
 * The binary form of a string table with numeric columns, for state that is saved and loaded on every run
 * (term-discovery counts, jieba's sorted dictionary): loading is one decode, one split and a few copies, far
 * cheaper than JSON for hundreds of thousands of rows. The strings are UTF-16 (Chinese text: 2 bytes a character
 * instead of UTF-8's 3, and decoding is a copy).
 *
 *   [u32 rows][u32 head bytes][u32 string bytes][head as JSON][strings joined by \n, UTF-16LE][padding to 4]
 *   [Int32 columns, platform byte order][Uint8 columns]
 *
 * Strings must not contain a newline; every column has one value per string.
 */
export interface Packed {
  head: unknown;
  strings: string[];
  int32: Int32Array[];
  uint8: Uint8Array[];
}

export interface PackInput {
  head: unknown;
  strings: readonly string[];
  int32?: readonly Int32Array[];
  uint8?: readonly Uint8Array[];
}

const PREFIX = 12;

export function pack({ head, strings, int32 = [], uint8 = [] }: PackInput): Buffer {
  const n = strings.length;
  for (const c of [...int32, ...uint8]) if (c.length !== n) throw new Error('packed table: a column has the wrong length');
  const headBytes = Buffer.from(JSON.stringify(head ?? null), 'utf8');
  const text = Buffer.from(strings.join('\n'), 'utf16le');
  const start = Math.ceil((PREFIX + headBytes.length + text.length) / 4) * 4;
  const buf = Buffer.alloc(start + 4 * n * int32.length + n * uint8.length);
  buf.writeUInt32LE(n, 0);
  buf.writeUInt32LE(headBytes.length, 4);
  buf.writeUInt32LE(text.length, 8);
  headBytes.copy(buf, PREFIX);
  text.copy(buf, PREFIX + headBytes.length);
  let at = start;
  for (const c of int32) {
    buf.set(new Uint8Array(c.buffer, c.byteOffset, c.byteLength), at);
    at += c.byteLength;
  }
  for (const c of uint8) {
    buf.set(c, at);
    at += c.length;
  }
  return buf;
}

export function unpack(buf: Buffer, columns: { int32?: number; uint8?: number }): Packed {
  const ni = columns.int32 ?? 0;
  const nu = columns.uint8 ?? 0;
  const n = buf.readUInt32LE(0);
  const headLen = buf.readUInt32LE(4);
  const textLen = buf.readUInt32LE(8);
  const textAt = PREFIX + headLen;
  const start = Math.ceil((textAt + textLen) / 4) * 4;
  if (buf.length !== start + 4 * n * ni + n * nu) throw new Error('packed table: wrong size');
  const strings = n ? buf.toString('utf16le', textAt, textAt + textLen).split('\n') : [];
  if (strings.length !== n) throw new Error('packed table: wrong number of strings');
  const head = JSON.parse(buf.toString('utf8', PREFIX, textAt)) as unknown;
  // Columns are copied out of the file's buffer (its offset need not be aligned for Int32Array).
  const int32: Int32Array[] = [];
  let at = start;
  for (let k = 0; k < ni; k++, at += 4 * n) {
    const c = new Int32Array(n);
    new Uint8Array(c.buffer).set(buf.subarray(at, at + 4 * n));
    int32.push(c);
  }
  const uint8: Uint8Array[] = [];
  for (let k = 0; k < nu; k++, at += n) uint8.push(Uint8Array.from(buf.subarray(at, at + n)));
  return { head, strings, int32, uint8 };
}
