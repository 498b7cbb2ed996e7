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
  const { rows, text, ...rest } = unpackText(buf, columns);
  const strings = rows ? text.split('\n') : [];
  if (strings.length !== rows) throw new Error('packed table: wrong number of strings');
  return { strings, ...rest };
}

/**
 * As `unpack`, with the strings left joined (by newlines) in one string: for a reader that needs few of them as
 * strings (a string per row is most of the time and the garbage of `unpack`).
 */
export function unpackText(buf: Buffer, columns: { int32?: number; uint8?: number }): Omit<Packed, 'strings'> & { rows: number; text: string } {
  const ni = columns.int32 ?? 0;
  const nu = columns.uint8 ?? 0;
  const n = buf.readUInt32LE(0);
  const headLen = buf.readUInt32LE(4);
  const textLen = buf.readUInt32LE(8);
  const textAt = PREFIX + headLen;
  const start = Math.ceil((textAt + textLen) / 4) * 4;
  if (buf.length !== start + 4 * n * ni + n * nu) throw new Error('packed table: wrong size');
  const text = buf.toString('utf16le', textAt, textAt + textLen);
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
  return { head, rows: n, text, int32, uint8 };
}

/**
 * Typed columns with a JSON head, for state loaded on every run (term-discovery counts, jieba's dictionary):
 * loading is a check of the layout and a view per column, with no string per row. Columns may differ in length.
 *
 *   [u32 MAGIC][u32 version][u32 head bytes][u32 columns] then per column [u32 type][u32 length]
 *   [head as JSON, UTF-8][each column in platform byte order, starting at a multiple of 8]
 *
 * `unpackColumns` checks the magic, the version, the column types and the size: a file of another format or
 * version, or a truncated one, throws.
 */
export type Column = Uint8Array | Uint16Array | Int32Array | Float64Array;
export type ColumnType = 'u8' | 'u16' | 'i32' | 'f64';

/** "QXC1" read as a little-endian u32. */
const MAGIC = 0x31435851;
const TYPES: Record<ColumnType, { code: number; bytes: number; make: (b: ArrayBuffer, at: number, n: number) => Column }> = {
  u8: { code: 1, bytes: 1, make: (b, at, n) => new Uint8Array(b, at, n) },
  u16: { code: 2, bytes: 2, make: (b, at, n) => new Uint16Array(b, at, n) },
  i32: { code: 3, bytes: 4, make: (b, at, n) => new Int32Array(b, at, n) },
  f64: { code: 4, bytes: 8, make: (b, at, n) => new Float64Array(b, at, n) },
};
const align8 = (n: number) => Math.ceil(n / 8) * 8;

function typeOf(c: Column): ColumnType {
  if (c instanceof Uint8Array) return 'u8';
  if (c instanceof Uint16Array) return 'u16';
  if (c instanceof Int32Array) return 'i32';
  return 'f64';
}

export function packColumns(head: unknown, version: number, columns: readonly Column[]): Buffer {
  const headBytes = Buffer.from(JSON.stringify(head ?? null), 'utf8');
  const dirEnd = 16 + 8 * columns.length;
  let size = align8(dirEnd + headBytes.length);
  for (const c of columns) size = align8(size + c.byteLength);
  // Not zero-filled (most of it is copied over): the padding is zeroed below.
  const buf = Buffer.allocUnsafeSlow(size);
  buf.writeUInt32LE(MAGIC, 0);
  buf.writeUInt32LE(version, 4);
  buf.writeUInt32LE(headBytes.length, 8);
  buf.writeUInt32LE(columns.length, 12);
  columns.forEach((c, k) => {
    buf.writeUInt32LE(TYPES[typeOf(c)].code, 16 + 8 * k);
    buf.writeUInt32LE(c.length, 20 + 8 * k);
  });
  headBytes.copy(buf, dirEnd);
  let at = dirEnd + headBytes.length;
  for (const c of columns) {
    buf.fill(0, at, align8(at));
    at = align8(at);
    buf.set(new Uint8Array(c.buffer, c.byteOffset, c.byteLength), at);
    at += c.byteLength;
  }
  buf.fill(0, at, size);
  return buf;
}

/**
 * The head and columns `packColumns` wrote, when `buf` has this version and these column types. The columns are
 * views of `buf` (or of an aligned copy of it): copy them before changing them.
 */
export function unpackColumns(buf: Buffer, version: number, types: readonly ColumnType[]): { head: unknown; columns: Column[] } {
  const fail = (why: string): never => {
    throw new Error(`packed columns: ${why}`);
  };
  if (buf.length < 16 || buf.readUInt32LE(0) !== MAGIC) fail('not in this format');
  if (buf.readUInt32LE(4) !== version) fail('another version');
  const headLen = buf.readUInt32LE(8);
  if (buf.readUInt32LE(12) !== types.length) fail('wrong number of columns');
  const dirEnd = 16 + 8 * types.length;
  if (buf.length < dirEnd) fail('wrong size');
  let size = align8(dirEnd + headLen);
  const lengths: number[] = [];
  types.forEach((t, k) => {
    if (buf.readUInt32LE(16 + 8 * k) !== TYPES[t].code) fail('wrong column type');
    const n = buf.readUInt32LE(20 + 8 * k);
    lengths.push(n);
    size = align8(size + n * TYPES[t].bytes);
  });
  if (buf.length !== size) fail('wrong size');
  const head = JSON.parse(buf.toString('utf8', dirEnd, dirEnd + headLen)) as unknown;
  // Typed views need aligned offsets: a buffer that does not start at a multiple of 8 is copied once.
  let b = buf;
  if (buf.byteOffset % 8 !== 0) {
    b = Buffer.alloc(buf.length);
    buf.copy(b);
  }
  let at = align8(dirEnd + headLen);
  const columns = types.map((t, k) => {
    const c = TYPES[t].make(b.buffer as ArrayBuffer, b.byteOffset + at, lengths[k]!);
    at = align8(at + c.byteLength);
    return c;
  });
  return { head, columns };
}
