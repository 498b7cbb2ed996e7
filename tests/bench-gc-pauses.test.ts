import { describe, expect, it } from 'vitest';
import { sumTraceGc } from '../bench/gc-pauses.js';

describe('bench/gc-pauses sumTraceGc', () => {
  it('sums the pauses of every isolate, scavenges apart from mark-compacts', () => {
    const out = [
      '[4242:0x6b4e000]       85 ms: Scavenge 5.2 (6.4) -> 4.6 (7.4) MB, 1.25 / 0.00 ms  (average mu = 1.000, current mu = 1.000) allocation failure; ',
      'qingxi: 616 articles',
      '[4242:0x7f01b0000]     1290 ms: Scavenge (interleaved) 40.1 (60.2) -> 20.3 (61.0) MB, 3.50 / 0.00 ms  (average mu = 0.990) allocation failure; ',
      '[4242:0x7f01b0000]     2301 ms: Mark-Compact 120.5 (150.2) -> 80.1 (140.0) MB, 12.00 / 0.10 ms  (+ 5.0 ms in 20 steps since start of marking) finalize incremental marking via task; GC in old space requested',
      '[4242:0x6b4e000]     3001 ms: Mark-Compact (reduce) 60.0 (70.0) -> 50.0 (65.0) MB, 4.50 / 0.00 ms  (average mu = 0.98) heap limit',
    ].join('\n');
    expect(sumTraceGc(out)).toEqual({ scavenges: 2, scavengeMs: 4.75, markCompacts: 2, markCompactMs: 16.5 });
    expect(sumTraceGc('no collections here\n')).toEqual({ scavenges: 0, scavengeMs: 0, markCompacts: 0, markCompactMs: 0 });
  });
});
