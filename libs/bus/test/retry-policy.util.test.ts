import { describe, expect, it } from 'vitest';
import { backoffDelay, isTransientInfrastructureError, redeliveryDelay } from '../src/retry-policy.util.js';

describe('retry policy', () => {
  it('naks delivery n with backoffMs[n-1], then keeps the last delay', () => {
    const backoff = [1000, 5000, 15000, 30000];
    expect([1, 2, 3, 4, 5, 9].map((n) => redeliveryDelay(n, backoff))).toEqual([
      1000, 5000, 15000, 30000, 30000, 30000,
    ]);
    expect(redeliveryDelay(3, [])).toBe(0);
  });

  it('doubles the backoff per attempt up to the cap, with jitter between half and full', () => {
    const lowest = () => 0;
    const highest = () => 1;
    expect([1, 2, 3, 4].map((a) => backoffDelay(a, 200, 1000, highest))).toEqual([200, 400, 800, 1000]);
    expect([1, 2, 3, 4].map((a) => backoffDelay(a, 200, 1000, lowest))).toEqual([100, 200, 400, 500]);
    expect(backoffDelay(200, 200, 30_000, highest)).toBe(30_000);
  });

  it('calls connection loss, deadlocks and serialization failures transient, a broken rule not', () => {
    expect(isTransientInfrastructureError(Object.assign(new Error('x'), { code: '08006' }))).toBe(true);
    expect(isTransientInfrastructureError(Object.assign(new Error('x'), { code: '40P01' }))).toBe(true);
    expect(isTransientInfrastructureError(Object.assign(new Error('x'), { code: '57P01' }))).toBe(true);
    expect(
      isTransientInfrastructureError(
        new Error('wrap', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }),
      ),
    ).toBe(true);
    expect(isTransientInfrastructureError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isTransientInfrastructureError(Object.assign(new Error('dup'), { code: '23505' }))).toBe(false);
    expect(isTransientInfrastructureError(new Error('order is already shipped'))).toBe(false);
  });
});
