/**
 * Memories of pure functions of a line's text. The lines of a site's pages repeat (navigation, footers, bylines,
 * share bars, and in text dumps of the same page the same paragraphs): what the chrome and metadata stages compute
 * from a line's text alone is computed once per distinct text in a thread. A memory is bounded by entries and by
 * characters held; once full it is cleared. Only functions of the text alone (and of fixed configuration, such as a
 * compiled lexicon) are memoised, so a result never depends on what was seen before: output stays the same whatever
 * the order or the split of articles between threads.
 */

/** Texts longer than this are not remembered (rarely repeated; and V8 hashes a very long string by its length only). */
export const MAX_MEMO_TEXT = 4000;

export class TextMemo<V> {
  private readonly map = new Map<string, V>();
  private chars = 0;

  constructor(
    private readonly maxEntries = 50000,
    private readonly maxChars = 4_000_000,
  ) {}

  get(text: string): V | undefined {
    return this.map.get(text);
  }

  /** Remember `value` for `text` (unless `text` is too long to be worth it); returns `value`. */
  set(text: string, value: V): V {
    if (text.length > MAX_MEMO_TEXT) return value;
    if (this.map.size >= this.maxEntries || this.chars + text.length > this.maxChars) {
      this.map.clear();
      this.chars = 0;
    }
    this.map.set(text, value);
    this.chars += text.length;
    return value;
  }

  get size(): number {
    return this.map.size;
  }
}

const NONE = Symbol('none');

/** `fn`, remembering its results per text (`fn` must be a pure function of its argument). */
export function memoized<V>(fn: (text: string) => V, maxEntries?: number, maxChars?: number): (text: string) => V {
  const memo = new TextMemo<V | typeof NONE>(maxEntries, maxChars);
  return (text: string) => {
    const known = memo.get(text);
    if (known !== undefined) return known === NONE ? (undefined as V) : known;
    const value = fn(text);
    memo.set(text, value === undefined ? NONE : value);
    return value;
  };
}
