import { describe, expect, it } from 'vitest';
import { INTERRUPT_BUDGET, SEMI_SPACE_MB, tuneV8 } from '../src/v8-tuning.js';

const BUDGET = `--interrupt-budget=${INTERRUPT_BUDGET}`;
const SEMI = `--max-semi-space-size=${SEMI_SPACE_MB}`;

describe('tuneV8', () => {
  it('sets the interrupt budget and the semi-space size when the node options do not', () => {
    expect(tuneV8([])).toEqual([BUDGET, SEMI]);
    expect(tuneV8(['--max-old-space-size=4096', '--interrupt-budget-factor-for-feedback-allocation=8', '--min-semi-space-size=4'])).toEqual([BUDGET, SEMI]);
  });

  it("leaves the node options' budget alone", () => {
    expect(tuneV8(['--interrupt-budget=67584'])).toEqual([SEMI]);
    expect(tuneV8(['--interrupt_budget=100000'])).toEqual([SEMI]);
    expect(tuneV8(['--cpu-prof', '--interrupt-budget', '100000'])).toEqual([SEMI]);
  });

  it("leaves the node options' semi-space size alone", () => {
    expect(tuneV8(['--max-semi-space-size=16'])).toEqual([BUDGET]);
    expect(tuneV8(['--max_semi_space_size', '32', '--interrupt-budget=1000'])).toEqual([]);
  });
});
