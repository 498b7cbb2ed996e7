/**
 * Strings kept as UTF-16 code units in one buffer, and a hash index from strings to their ids over it. Saved
 * state (term-discovery n-grams, jieba's dictionary) is loaded as typed arrays with no string per entry: a string
 * is made only where one is needed, and a lookup by a JS string compares its char codes with the buffer.
 *
 * String `id` is `chars[start[id] .. start[id] + len[id])`; length 0 marks a removed entry (keys are never '').
 */
export interface CharKeys {
  chars: Uint16Array;
  start: Int32Array;
  len: Uint16Array;
  /** Ids in use (removed ones included). */
  readonly length: number;
}

/** The longest string a table of char keys holds. */
export const MAX_KEY_LENGTH = 0xffff;

const EMPTY = -1;
/** FNV-1a over UTF-16 code units: the start value and the prime of each step (h = imul(h ^ unit, FNV_PRIME)). */
export const FNV_START = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

export function hashString(s: string): number {
  let h = FNV_START;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

/** The hash of `chars[at .. at + n)`: the same as `hashString` of those characters. */
export function hashChars(chars: Uint16Array, at: number, n: number): number {
  let h = FNV_START;
  for (let i = at, end = at + n; i < end; i++) {
    h ^= chars[i]!;
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

/** Key `id` of `keys` as a string. */
export function keyString(keys: CharKeys, id: number): string {
  const at = keys.start[id]!;
  const n = keys.len[id]!;
  const c = keys.chars;
  // Grams and dictionary words are short: fromCharCode with arguments beats decoding a subarray.
  switch (n) {
    case 1:
      return String.fromCharCode(c[at]!);
    case 2:
      return String.fromCharCode(c[at]!, c[at + 1]!);
    case 3:
      return String.fromCharCode(c[at]!, c[at + 1]!, c[at + 2]!);
    case 4:
      return String.fromCharCode(c[at]!, c[at + 1]!, c[at + 2]!, c[at + 3]!);
    default:
      return String.fromCharCode.apply(null, c.subarray(at, at + n) as unknown as number[]);
  }
}

/**
 * A map from strings to ids of char keys, as an open-addressing hash table in one Int32Array: building it is a
 * loop over the buffer with no allocation per entry.
 */
export class CharIndex {
  private slots: Int32Array;
  private mask: number;
  /** Slots holding an id (removed ones included). */
  private filled = 0;
  /** Entries not removed. */
  size = 0;

  /** An index of every key of `keys` (removed ones left out), or the one whose `slots` were saved. */
  constructor(
    public keys: CharKeys,
    slots?: Int32Array,
  ) {
    if (slots) {
      this.slots = slots;
      this.mask = slots.length - 1;
      this.check();
      return;
    }
    let cap = 1024;
    while (cap < keys.length * 2) cap *= 2;
    this.slots = new Int32Array(cap).fill(EMPTY);
    this.mask = cap - 1;
    this.insertAll();
  }

  /** The hash table (to save; `new CharIndex(keys, slots)` takes it back for the same keys). */
  get table(): Int32Array {
    return this.slots;
  }

  /**
   * Check saved slots against the keys (none removed): a power-of-two table at most half full that holds every
   * id once. Throws otherwise.
   */
  private check(): void {
    const { slots } = this;
    const n = this.keys.length;
    const fail = () => {
      throw new Error('string index: damaged');
    };
    if (slots.length < 1024 || (slots.length & (slots.length - 1)) !== 0 || slots.length < n * 2) fail();
    const seen = new Uint8Array(n);
    let filled = 0;
    for (let s = 0; s < slots.length; s++) {
      const id = slots[s]!;
      if (id === EMPTY) continue;
      if (id < 0 || id >= n || seen[id] === 1) fail();
      seen[id] = 1;
      filled++;
    }
    if (filled !== n) fail();
    this.filled = this.size = n;
  }

  private insertAll(): void {
    const { slots, mask } = this;
    const { chars, start, len, length } = this.keys;
    for (let id = 0; id < length; id++) {
      const n = len[id]!;
      if (n === 0) continue;
      let s = hashChars(chars, start[id]!, n) & mask;
      while (slots[s] !== EMPTY) s = (s + 1) & mask;
      slots[s] = id;
      this.filled++;
      this.size++;
    }
  }

  get(key: string): number | undefined {
    const n = key.length;
    if (n === 0) return undefined;
    const { slots, mask } = this;
    const { chars, start, len } = this.keys;
    for (let s = hashString(key) & mask; ; s = (s + 1) & mask) {
      const id = slots[s]!;
      if (id === EMPTY) return undefined;
      if (len[id] !== n) continue;
      const at = start[id]!;
      let k = 0;
      while (k < n && chars[at + k] === key.charCodeAt(k)) k++;
      if (k === n) return id;
    }
  }

  /** The id of the key `buf[at .. at + n)` (n > 0). */
  getChars(buf: Uint16Array, at: number, n: number): number | undefined {
    const { slots, mask } = this;
    const { chars, start, len } = this.keys;
    for (let s = hashChars(buf, at, n) & mask; ; s = (s + 1) & mask) {
      const id = slots[s]!;
      if (id === EMPTY) return undefined;
      if (len[id] !== n) continue;
      const a = start[id]!;
      let k = 0;
      while (k < n && chars[a + k] === buf[at + k]) k++;
      if (k === n) return id;
    }
  }

  /** Record key `id` (written to the keys, not in the index yet, and not yet counted in `keys.length`). */
  add(id: number): void {
    if ((this.filled + 1) * 2 > this.slots.length) this.rebuild(this.slots.length * 2);
    const { slots, mask } = this;
    const { chars, start, len } = this.keys;
    let s = hashChars(chars, start[id]!, len[id]!) & mask;
    for (;;) {
      const at = slots[s]!;
      if (at === EMPTY) {
        this.filled++;
        break;
      }
      if (len[at] === 0) break;
      s = (s + 1) & mask;
    }
    slots[s] = id;
    this.size++;
  }

  /** Record that an entry's length has been (or is about to be) set to 0. */
  removed(): void {
    this.size--;
  }

  /** The index over new keys (after ids changed). */
  reset(keys: CharKeys): void {
    this.keys = keys;
    this.rebuild(this.slots.length);
  }

  private rebuild(capacity: number): void {
    let cap = capacity;
    while (cap < this.keys.length * 2) cap *= 2;
    this.slots = new Int32Array(cap).fill(EMPTY);
    this.mask = cap - 1;
    this.filled = 0;
    this.size = 0;
    this.insertAll();
  }
}
