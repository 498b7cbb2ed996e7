import { describe, expect, it } from 'vitest';
import { IdleQueue } from '../src/pipeline/idle-queue.js';

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('IdleQueue', () => {
  it('processes items in order, later, in slices that let other callbacks run between them', async () => {
    const seen: string[] = [];
    const busy = (ms: number) => {
      const end = performance.now() + ms;
      while (performance.now() < end);
    };
    const q = new IdleQueue<number>((n) => {
      busy(3);
      seen.push(`item ${n}`);
    }, 4);
    for (let n = 0; n < 6; n++) q.push(n);
    expect(seen).toEqual([]);
    expect(q.pending).toBe(6);
    // Callbacks queued after the items run before the last of them: the queue yields between slices.
    setImmediate(() => seen.push('other'));
    setImmediate(() => setImmediate(() => seen.push('other, later')));
    for (let k = 0; k < 10 && q.pending > 0; k++) await turn();
    expect(q.pending).toBe(0);
    expect(seen.filter((s) => s.startsWith('item'))).toEqual([0, 1, 2, 3, 4, 5].map((n) => `item ${n}`));
    expect(seen.indexOf('other')).toBeGreaterThan(0);
    expect(seen.indexOf('other, later')).toBeLessThan(seen.length - 1);
  });

  it('flush processes the rest at once and throws the first error, after processing every item', async () => {
    const seen: number[] = [];
    const q = new IdleQueue<number>((n) => {
      seen.push(n);
      if (n % 2 === 1) throw new Error(`odd ${n}`);
    });
    for (let n = 0; n < 5; n++) q.push(n);
    expect(() => q.flush()).toThrow('odd 1');
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(q.pending).toBe(0);
    // The error was reported once; the scheduled slice finds nothing to do.
    expect(() => q.flush()).not.toThrow();
    await turn();
    q.push(6);
    await turn();
    expect(seen).toEqual([0, 1, 2, 3, 4, 6]);
  });

  it('holds at most maxPending items: a push beyond processes the oldest at once', async () => {
    const seen: number[] = [];
    const q = new IdleQueue<number>((n) => seen.push(n), 4, 10);
    let most = 0;
    for (let n = 0; n < 100; n++) {
      q.push(n);
      most = Math.max(most, q.pending);
    }
    expect(most).toBe(10);
    expect(seen).toEqual(Array.from({ length: 90 }, (_, n) => n));
    q.flush();
    expect(seen).toEqual(Array.from({ length: 100 }, (_, n) => n));
    await turn();
    expect(q.pending).toBe(0);
  });
});
