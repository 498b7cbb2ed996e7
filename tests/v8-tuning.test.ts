import { describe, expect, it } from 'vitest';
import { INTERRUPT_BUDGET, tuneV8 } from '../src/v8-tuning.js';

describe('tuneV8', () => {
  it('sets the interrupt budget when the command line does not', () => {
    expect(tuneV8([])).toBe(`--interrupt-budget=${INTERRUPT_BUDGET}`);
    expect(tuneV8(['--max-old-space-size=4096', '--interrupt-budget-factor-for-feedback-allocation=8'])).toBe(`--interrupt-budget=${INTERRUPT_BUDGET}`);
  });

  it("leaves the command line's budget alone", () => {
    expect(tuneV8(['--interrupt-budget=67584'])).toBeUndefined();
    expect(tuneV8(['--interrupt_budget=100000'])).toBeUndefined();
    expect(tuneV8(['--cpu-prof', '--interrupt-budget', '100000'])).toBeUndefined();
  });
});
