import { describe, expect, it } from 'vitest';
import { INTERRUPT_BUDGET, SEMI_SPACE_MB, tuneV8, workerYoungGenerationMb } from '../src/v8-tuning.js';

const BUDGET = `--interrupt-budget=${INTERRUPT_BUDGET}`;

describe('tuneV8', () => {
  it('sets the interrupt budget when the node options do not', () => {
    expect(tuneV8([])).toBe(BUDGET);
    expect(tuneV8(['--max-old-space-size=4096', '--interrupt-budget-factor-for-feedback-allocation=8'])).toBe(BUDGET);
  });

  it("leaves the node options' budget alone", () => {
    expect(tuneV8(['--interrupt-budget=67584'])).toBeUndefined();
    expect(tuneV8(['--interrupt_budget=100000'])).toBeUndefined();
    expect(tuneV8(['--cpu-prof', '--interrupt-budget', '100000'])).toBeUndefined();
  });
});

describe('workerYoungGenerationMb', () => {
  it('gives a pool of one thread three semi-spaces of SEMI_SPACE_MB, larger pools none', () => {
    expect(workerYoungGenerationMb(1, [])).toBe(3 * SEMI_SPACE_MB);
    expect(workerYoungGenerationMb(1, ['--min-semi-space-size=4', '--interrupt-budget=1000'])).toBe(3 * SEMI_SPACE_MB);
    expect(workerYoungGenerationMb(2, [])).toBeUndefined();
    expect(workerYoungGenerationMb(4, [])).toBeUndefined();
  });

  it("leaves every thread to the node options' semi-space size", () => {
    expect(workerYoungGenerationMb(1, ['--max-semi-space-size=16'])).toBeUndefined();
    expect(workerYoungGenerationMb(1, ['--max_semi_space_size', '32'])).toBeUndefined();
  });
});
