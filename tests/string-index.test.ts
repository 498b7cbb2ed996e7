import { describe, expect, it } from 'vitest';
import { StringIndex } from '../src/glossary/string-index.js';

describe('StringIndex', () => {
  it('agrees with a Map through additions, removals, re-additions, growth and a reset', () => {
    const keys: string[] = [];
    const index = new StringIndex(keys);
    const map = new Map<string, number>();
    let seed = 7;
    const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    const word = () => String.fromCharCode(0x4e00 + rnd(40), 0x4e00 + rnd(40), ...(rnd(2) ? [0x4e00 + rnd(40)] : []));
    for (let step = 0; step < 20000; step++) {
      const w = word();
      const id = map.get(w);
      expect(index.get(w)).toBe(id);
      if (id === undefined) {
        index.add(w, keys.length);
        map.set(w, keys.length);
        keys.push(w);
      } else if (rnd(3) === 0) {
        index.removed();
        keys[id] = '';
        map.delete(w);
      }
      expect(index.size).toBe(map.size);
    }
    const live = keys.filter((k) => k !== '');
    index.reset(live);
    expect(index.size).toBe(live.length);
    live.forEach((k, i) => expect(index.get(k)).toBe(i));
    expect(index.get('不在')).toBeUndefined();
    expect(new StringIndex([...live]).get(live[3]!)).toBe(3);
  });
});
