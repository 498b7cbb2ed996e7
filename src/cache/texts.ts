import { packColumns, unpackColumns } from '../glossary/packed.js';

/**
 * The match texts (src/cache/terms.ts `matchText`) of a corpus's prepared articles, by prepared key, in one file
 * (`texts/<engine>.bin`): a re-run whose term list changed re-matches every article against the terms added, and
 * reading the texts from one file instead of one `.prep` file per article takes a few milliseconds instead of
 * 0.1-0.2 s for 2,000 articles. A cache only: a key it lacks is read from the article's `.prep` file. The texts are
 * stored as UTF-16 code units, copied both ways without validation, so any string comes back as it went in.
 *
 *   head: { keys: string[] }, columns: i32 starts (keys + 1), u16 code units
 */
const VERSION = 1;

export class TextPack {
  private readonly index: Map<string, number>;

  private constructor(
    readonly keys: readonly string[],
    private readonly starts: Int32Array,
    private readonly units: Uint16Array,
  ) {
    this.index = new Map(keys.map((k, i) => [k, i]));
  }

  /** The pack in `buf`; throws when it is not one (another version, truncated). */
  static fromBuffer(buf: Buffer): TextPack {
    const { head, columns } = unpackColumns(buf, VERSION, ['i32', 'u16']);
    const keys = (head as { keys?: unknown }).keys;
    const starts = columns[0] as Int32Array;
    const units = columns[1] as Uint16Array;
    if (!Array.isArray(keys) || starts.length !== keys.length + 1 || starts[keys.length] !== units.length) {
      throw new Error('text pack: inconsistent');
    }
    return new TextPack(keys as string[], starts, units);
  }

  /** A pack of `entries` (key, text), in their order. */
  static toBuffer(entries: readonly (readonly [key: string, text: string])[]): Buffer {
    let total = 0;
    for (const [, text] of entries) total += text.length;
    const units = new Uint16Array(total);
    const starts = new Int32Array(entries.length + 1);
    let at = 0;
    entries.forEach(([, text], i) => {
      starts[i] = at;
      for (let k = 0; k < text.length; k++) units[at + k] = text.charCodeAt(k);
      at += text.length;
    });
    starts[entries.length] = at;
    return packColumns({ keys: entries.map(([key]) => key) }, VERSION, [starts, units]);
  }

  /**
   * Whether a run with these prepared keys rewrites the pack: when the keys it lacks and the keys no longer used
   * are more than a thirty-second of it. Fewer cost a few .prep reads: a re-run that adds one article to 2,000
   * keeps the 4 MB pack instead of decoding and writing it again (0.1 s of the main thread).
   */
  outOfDate(keys: readonly string[]): boolean {
    let missing = 0;
    let used = 0;
    for (const k of new Set(keys)) {
      if (this.index.has(k)) used++;
      else missing++;
    }
    const stale = this.keys.length - used;
    return (missing + stale) * 32 > this.keys.length;
  }

  has(key: string): boolean {
    return this.index.has(key);
  }

  get(key: string): string | undefined {
    const i = this.index.get(key);
    if (i === undefined) return undefined;
    const s = this.starts[i]!;
    const e = this.starts[i + 1]!;
    return Buffer.from(this.units.buffer, this.units.byteOffset + 2 * s, 2 * (e - s)).toString('utf16le');
  }
}
