// A frozen copy of src/glossary/string-index.ts before the n-gram table kept its characters in one buffer and its
// branching-entropy sums up to date (commit dfcca93): tests/discovery-state.test.ts checks that the current
// implementation discovers exactly what this one does. Not used by qingxi itself.

/**
 * A map from strings to their ids in a string array (`keys[id]`), as an open-addressing hash table in one
 * Int32Array. It holds only ids, so building it for the hundreds of thousands of grams of saved term-discovery
 * counts is a loop over the strings with no per-entry allocation (a Map took most of the time of loading them).
 *
 * An id whose key has been set to '' is a removed entry: lookups step over it, insertions may reuse its slot.
 */
const EMPTY = -1;

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class StringIndex {
  private slots: Int32Array;
  private mask: number;
  /** Slots holding an id (removed ones included). */
  private filled = 0;
  /** Entries whose key is not ''. */
  size = 0;

  /** An index of every non-empty key of `keys` (ids are positions). */
  constructor(public keys: string[]) {
    let cap = 1024;
    while (cap < keys.length * 2) cap *= 2;
    this.slots = new Int32Array(cap).fill(EMPTY);
    this.mask = cap - 1;
    this.insertAll();
  }

  private insertAll(): void {
    const { keys, slots, mask } = this;
    for (let id = 0; id < keys.length; id++) {
      const k = keys[id]!;
      if (k === '') continue;
      let s = hash(k) & mask;
      while (slots[s] !== EMPTY) s = (s + 1) & mask;
      slots[s] = id;
      this.filled++;
      this.size++;
    }
  }

  get(key: string): number | undefined {
    const { keys, slots, mask } = this;
    for (let s = hash(key) & mask; ; s = (s + 1) & mask) {
      const id = slots[s]!;
      if (id === EMPTY) return undefined;
      if (keys[id] === key) return id;
    }
  }

  /** Record that `keys[id]` is `key`; the key must not be in the index. */
  add(key: string, id: number): void {
    if ((this.filled + 1) * 2 > this.slots.length) {
      this.rebuild(this.slots.length * 2);
    }
    const { keys, slots, mask } = this;
    let s = hash(key) & mask;
    for (;;) {
      const at = slots[s]!;
      if (at === EMPTY) {
        this.filled++;
        break;
      }
      if (keys[at] === '') break;
      s = (s + 1) & mask;
    }
    slots[s] = id;
    this.size++;
  }

  /** Record that an entry's key has been (or is about to be) set to ''. */
  removed(): void {
    this.size--;
  }

  /** The index over new `keys` (after ids changed). */
  reset(keys: string[]): void {
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
