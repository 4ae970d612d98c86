import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { backoffCeiling, backoffDelay } from '../../../src/client/backoff';

describe('reconnect backoff', () => {
  it('doubles the delay from the base on every retry, without jitter', () => {
    const s = { baseDelayMs: 500, maxDelayMs: 30_000, jitter: false };
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, s))).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });

  it('a jittered delay is always within [0, min(max, base * 2^n)]', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 2000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 120_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (n, base, max, r) => {
          const d = backoffDelay(n, { baseDelayMs: base, maxDelayMs: max, jitter: true }, () => r);
          expect(Number.isInteger(d)).toBe(true);
          expect(d).toBeGreaterThanOrEqual(0);
          expect(d).toBeLessThanOrEqual(Math.min(max, base * 2 ** Math.min(n, 52)));
        },
      ),
    );
  });

  it('full jitter reaches both ends of the window', () => {
    const s = { baseDelayMs: 100, maxDelayMs: 10_000, jitter: true };
    expect(backoffDelay(3, s, () => 0)).toBe(0);
    expect(backoffDelay(3, s, () => 0.999999)).toBe(800);
  });

  it('huge attempt numbers and nonsense settings still give a finite delay', () => {
    expect(backoffCeiling(1e9, { baseDelayMs: 1, maxDelayMs: 5000, jitter: false })).toBe(5000);
    expect(backoffCeiling(5000, { baseDelayMs: 0, maxDelayMs: 5000, jitter: false })).toBe(0);
    expect(backoffDelay(2, { baseDelayMs: NaN, maxDelayMs: -3, jitter: true }, () => NaN)).toBe(0);
  });
});
