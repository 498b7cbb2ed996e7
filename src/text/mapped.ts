/**
 * Text that remembers where every UTF-16 code unit came from in the decoded source.
 *
 * Every edit the pipeline makes (width and punctuation normalisation, whitespace collapsing, joining lines,
 * slicing sentences) goes through this class, so a sentence can always report the span of the decoded source
 * it was cut from, whatever happened to it on the way.
 */
export class MappedText {
  /**
   * `starts[i]`/`ends[i]`: the source span (UTF-16 code units of the decoded source) of `text[i]`. The maps are
   * shared between a text and its slices and edits (no copies on the hot paths): never write into them.
   */
  constructor(
    readonly text: string,
    readonly starts: Uint32Array,
    readonly ends: Uint32Array,
    /**
     * Whether `starts` and `ends` each never decrease, when the maker knows (text in source order); found out on
     * the first `sourceSpan` otherwise. A span of such a text is its first start and its last end.
     */
    private ordered?: boolean,
  ) {
    if (starts.length !== text.length || ends.length !== text.length) {
      throw new Error(`MappedText: map length ${starts.length} does not match text length ${text.length}`);
    }
  }

  /** A piece of source text starting at `offset` in the decoded source. */
  static fromSource(text: string, offset = 0): MappedText {
    const n = text.length;
    // One buffer for both maps: ends[i] = starts[i + 1], so `ends` is a view one element further on.
    const both = new Uint32Array(n + 1);
    for (let i = 0; i <= n; i++) both[i] = offset + i;
    return new MappedText(text, both.subarray(0, n), both.subarray(1, n + 1), true);
  }

  /** Text whose every code unit maps to the same source span (e.g. a character reference in HTML). */
  static spanning(text: string, start: number, end: number): MappedText {
    return new MappedText(text, new Uint32Array(text.length).fill(start), new Uint32Array(text.length).fill(end), true);
  }

  /**
   * Text decoded from a stretch of source (`raw`, starting at `offset`) that differs from it in a few places:
   * character references (`&amp;` -> `&`, `&#20013;` -> `中`), `\r\n` -> `\n`, a dropped newline. Characters
   * copied unchanged map to themselves; a decoded reference maps to the reference. Where the two cannot be lined
   * up again within 40 source code units, the rest maps to the rest of `raw`.
   */
  static aligned(value: string, raw: string, offset = 0): MappedText {
    if (value === raw) return MappedText.fromSource(value, offset);
    const n = value.length;
    const starts = new Uint32Array(n);
    const ends = new Uint32Array(n);
    let i = 0;
    let j = 0;
    /**
     * Do value[vj..] and raw[ri..] agree up to the next place where raw may differ again (or 16 units)? Right after
     * a decoded reference (`replaced`), another reference may follow at once: that counts as agreeing.
     */
    const agree = (ri: number, vj: number, replaced: boolean): boolean => {
      for (let k = 0; k < 16; k++) {
        if (vj + k === n) return ri + k === raw.length;
        const r = raw[ri + k];
        if (r === undefined) return false;
        if (r === '&' || r === '\r') return k > 0 || replaced || value[vj] === r;
        if (r !== value[vj + k]) return false;
      }
      return true;
    };
    outer: while (j < n) {
      if (raw[i] === value[j] && i < raw.length) {
        starts[j] = offset + i;
        ends[j] = offset + i + 1;
        i++;
        j++;
        continue;
      }
      for (let di = 0; di <= 40 && i + di <= raw.length; di++) {
        for (let dj = di === 0 ? 1 : 0; dj <= 2 && j + dj <= n; dj++) {
          if (!agree(i + di, j + dj, di > 0 && dj > 0)) continue;
          for (let k = j; k < j + dj; k++) {
            starts[k] = offset + i;
            ends[k] = offset + i + di;
          }
          i += di;
          j += dj;
          continue outer;
        }
      }
      starts.fill(offset + Math.min(i, raw.length), j);
      ends.fill(offset + raw.length, j);
      break;
    }
    return new MappedText(value, starts, ends);
  }

  static empty(): MappedText {
    return new MappedText('', new Uint32Array(0), new Uint32Array(0), true);
  }

  get length(): number {
    return this.text.length;
  }

  /** Source offset where this text starts (or undefined when empty). */
  get sourceStart(): number | undefined {
    return this.length ? this.starts[0] : undefined;
  }

  /** Source offset just after this text (or undefined when empty). */
  get sourceEnd(): number | undefined {
    return this.length ? this.ends[this.length - 1] : undefined;
  }

  /** Code units [from, to). The maps are views on this text's maps (never copied: maps are never written). */
  slice(from: number, to = this.length): MappedText {
    if (from === 0 && to >= this.length) return this;
    return new MappedText(this.text.slice(from, to), this.starts.subarray(from, to), this.ends.subarray(from, to), this.ordered || undefined);
  }

  /** The same maps under another text of the same length (each code unit replaced by one other). */
  withText(text: string): MappedText {
    return text === this.text ? this : new MappedText(text, this.starts, this.ends, this.ordered);
  }

  trim(): MappedText {
    const t = this.text;
    const end = t.trimEnd().length;
    const start = end === 0 ? 0 : end - t.slice(0, end).trimStart().length;
    return start === 0 && end === this.length ? this : this.slice(start, Math.max(start, end));
  }

  /**
   * Replace every match of a global regular expression. A replacement as long as its match maps code unit to
   * code unit; any other replacement maps each of its code units to the whole span of the match.
   */
  replace(re: RegExp, replacer: string | ((match: RegExpExecArray) => string)): MappedText {
    if (!re.global) throw new Error('MappedText.replace needs a global RegExp');
    const edits: { at: number; end: number; rep: string }[] = [];
    let length = this.length;
    re.lastIndex = 0;
    for (let m = re.exec(this.text); m; m = re.exec(this.text)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const rep = typeof replacer === 'string' ? replacer : replacer(m);
      if (rep === m[0]) continue;
      edits.push({ at: m.index, end: m.index + m[0].length, rep });
      length += rep.length - m[0].length;
    }
    if (edits.length === 0) return this;
    // The text between edits keeps its maps; each replacement is mapped as the doc comment says.
    const starts = new Uint32Array(length);
    const ends = new Uint32Array(length);
    const texts: string[] = [];
    let k = 0;
    let last = 0;
    const keep = (from: number, to: number) => {
      for (let i = from; i < to; i++, k++) {
        starts[k] = this.starts[i]!;
        ends[k] = this.ends[i]!;
      }
    };
    for (const { at, end, rep } of edits) {
      keep(last, at);
      texts.push(this.text.slice(last, at), rep);
      if (rep.length === end - at) keep(at, end);
      else {
        starts.fill(this.starts[at]!, k, k + rep.length);
        ends.fill(this.ends[end - 1]!, k, k + rep.length);
        k += rep.length;
      }
      last = end;
    }
    keep(last, this.length);
    texts.push(this.text.slice(last));
    // A replacement maps inside the span of its match: the order of the maps is kept.
    return new MappedText(texts.join(''), starts, ends, this.ordered || undefined);
  }

  /** Map each code unit through `fn`, which must return exactly one code unit for each. */
  mapChars(fn: (ch: string) => string): MappedText {
    let out = '';
    for (let i = 0; i < this.text.length; i++) {
      const r = fn(this.text[i]!);
      if (r.length !== 1) throw new Error('MappedText.mapChars: replacement must be one code unit');
      out += r;
    }
    return this.withText(out);
  }

  static concat(parts: readonly MappedText[], separator?: string): MappedText {
    const pieces: MappedText[] = [];
    parts.forEach((p, i) => {
      if (i > 0 && separator) {
        const prev = parts[i - 1]!;
        const at = prev.sourceEnd ?? p.sourceStart ?? 0;
        pieces.push(MappedText.spanning(separator, at, at));
      }
      pieces.push(p);
    });
    let n = 0;
    let nonEmpty: MappedText | undefined;
    let count = 0;
    for (const p of pieces) {
      n += p.length;
      if (p.length) {
        nonEmpty = p;
        count++;
      }
    }
    if (count === 1) return nonEmpty!;
    const starts = new Uint32Array(n);
    const ends = new Uint32Array(n);
    const texts: string[] = [];
    let k = 0;
    // In order when every piece is, and each piece starts where the one before it ends or later.
    let ordered = true;
    for (const p of pieces) {
      if (!p.length) continue;
      if (ordered && (!p.isOrdered() || (k > 0 && (p.starts[0]! < starts[k - 1]! || p.ends[0]! < ends[k - 1]!)))) ordered = false;
      starts.set(p.starts, k);
      ends.set(p.ends, k);
      k += p.length;
      texts.push(p.text);
    }
    return new MappedText(texts.join(''), starts, ends, ordered || undefined);
  }

  /** Source span [start, end) of code units [from, to) of this text. */
  sourceSpan(from = 0, to = this.length): { start: number; end: number } {
    if (to <= from) {
      const at = from < this.length ? this.starts[from]! : (this.sourceEnd ?? 0);
      return { start: at, end: at };
    }
    let start = this.starts[from]!;
    let end = this.ends[to - 1]!;
    if (this.isOrdered()) return { start, end };
    for (let i = from; i < to; i++) {
      if (this.starts[i]! < start) start = this.starts[i]!;
      if (this.ends[i]! > end) end = this.ends[i]!;
    }
    return { start, end };
  }

  private isOrdered(): boolean {
    if (this.ordered === undefined) {
      this.ordered = true;
      for (let i = 1; i < this.length && this.ordered; i++) {
        if (this.starts[i]! < this.starts[i - 1]! || this.ends[i]! < this.ends[i - 1]!) this.ordered = false;
      }
    }
    return this.ordered;
  }
}
