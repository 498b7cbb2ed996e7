import { MappedText } from './mapped.js';

/** `\s` of JavaScript regular expressions (and what `String.prototype.trim` removes): white space and line terminators. */
export function isSpace(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Pieces of text joined, every run of white space made one space and the ends trimmed: the text and maps of
 * `MappedText.concat(pieces).replace(/\s+/g, ' ').trim()`, built in one pass, with no map for a piece taken from
 * the source unchanged (`addSource`) until the whole is built.
 */
export class CollapsedText {
  private readonly values: string[] = [];
  /** For each piece: its source offset when taken unchanged from the source, its mapped text otherwise. */
  private readonly maps: (number | MappedText)[] = [];
  private length = 0;

  /** `value` as it stands in the source from `offset` on. */
  addSource(value: string, offset: number): void {
    this.values.push(value);
    this.maps.push(offset);
    this.length += value.length;
  }

  addMapped(text: MappedText): void {
    this.values.push(text.text);
    this.maps.push(text);
    this.length += text.length;
  }

  /**
   * The joined text. A run of white space becomes one space mapped from the start of its first code unit to the
   * end of its last (a single white space code unit keeps its own span); other code units keep theirs.
   */
  text(): MappedText {
    const text = this.values.join('').replace(/\s+/g, ' ').trim();
    const starts = new Uint32Array(text.length);
    const ends = new Uint32Array(text.length);
    let k = 0;
    /** Source span of the white space run not written yet (start of -1: none). */
    let runStart = -1;
    let runEnd = 0;
    for (let p = 0; p < this.values.length; p++) {
      const value = this.values[p]!;
      const map = this.maps[p]!;
      for (let i = 0; i < value.length; i++) {
        const start = typeof map === 'number' ? map + i : map.starts[i]!;
        const end = typeof map === 'number' ? map + i + 1 : map.ends[i]!;
        if (isSpace(value.charCodeAt(i))) {
          if (runStart < 0) runStart = start;
          runEnd = end;
          continue;
        }
        if (runStart >= 0 && k > 0) {
          starts[k] = runStart;
          ends[k++] = runEnd;
        }
        runStart = -1;
        starts[k] = start;
        ends[k++] = end;
      }
    }
    if (k !== text.length) throw new Error(`CollapsedText: ${k} mapped code units for a text of ${text.length}`);
    return new MappedText(text, starts, ends);
  }
}
