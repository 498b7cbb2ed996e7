import { describe, expect, it } from 'vitest';
import { CharIndex, hashChars, hashString, keyString, type CharKeys } from '../src/glossary/string-index.js';

/** Growable char keys for the test (one string after another; length 0 = removed). */
class Keys implements CharKeys {
  chars = new Uint16Array(1 << 20);
  start = new Int32Array(1 << 17);
  len = new Uint16Array(1 << 17);
  length = 0;
  private used = 0;
  write(s: string): number {
    const id = this.length;
    for (let k = 0; k < s.length; k++) this.chars[this.used + k] = s.charCodeAt(k);
    this.start[id] = this.used;
    this.len[id] = s.length;
    this.used += s.length;
    return id;
  }
}

describe('CharIndex', () => {
  it('agrees with a Map through additions, removals, re-additions, growth, a reset and saved slots', () => {
    const keys = new Keys();
    const index = new CharIndex(keys);
    const map = new Map<string, number>();
    let seed = 7;
    const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    const word = () => String.fromCharCode(0x4e00 + rnd(40), 0x4e00 + rnd(40), ...(rnd(2) ? [0x4e00 + rnd(40)] : []));
    for (let step = 0; step < 20000; step++) {
      const w = word();
      const id = map.get(w);
      expect(index.get(w)).toBe(id);
      if (id === undefined) {
        const i = keys.write(w);
        index.add(i);
        keys.length++;
        map.set(w, i);
      } else if (rnd(3) === 0) {
        index.removed();
        keys.len[id] = 0;
        map.delete(w);
      }
      expect(index.size).toBe(map.size);
    }
    for (const [w, id] of map) {
      expect(keyString(keys, id)).toBe(w);
      expect(index.getChars(keys.chars, keys.start[id]!, w.length)).toBe(id);
    }
    expect(index.get('')).toBeUndefined();
    expect(index.get('不在这里')).toBeUndefined();
    // Live keys only, in a fresh table: an index of them, and the same index from its saved slots.
    const live = new Keys();
    for (const w of map.keys()) {
      live.write(w);
      live.length++;
    }
    const fresh = new CharIndex(live);
    const restored = new CharIndex(live, fresh.table.slice());
    [...map.keys()].forEach((w, i) => {
      expect(fresh.get(w)).toBe(i);
      expect(restored.get(w)).toBe(i);
    });
    expect(restored.size).toBe(map.size);
    index.reset(live);
    expect(index.get([...map.keys()][3]!)).toBe(3);
    // Saved slots that miss an id, hold one twice or are not a power of two are refused.
    const slots = fresh.table.slice();
    const at = slots.findIndex((x) => x >= 0);
    slots[at] = slots[at] === 0 ? 1 : 0;
    expect(() => new CharIndex(live, slots)).toThrow(/damaged/);
    expect(() => new CharIndex(live, fresh.table.slice(0, fresh.table.length - 1))).toThrow(/damaged/);
  });

  it('hashes strings and their characters alike', () => {
    const s = '大模型𠀀预训练';
    const all = Uint16Array.from({ length: s.length }, (_, i) => s.charCodeAt(i));
    expect(hashChars(all, 0, all.length)).toBe(hashString(s));
    expect(hashChars(all, 0, 0)).toBe(hashString(''));
    expect(hashChars(all, 1, 2)).toBe(hashString('模型'));
  });
});
