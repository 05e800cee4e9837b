import { describe, expect, it } from 'vitest';
import { staysTrue, waitFor } from '../src/wait-for.js';

describe('waitFor: tests wait on a condition with a deadline, never a fixed sleep', () => {
  it('returns the first value the probe gives other than undefined/false, as soon as it gives it', async () => {
    let calls = 0;
    const value = await waitFor('the third call', () => (++calls >= 3 ? { calls } : undefined), { intervalMs: 1 });
    expect(value).toEqual({ calls: 3 });
    expect(calls).toBe(3);
    // 0 and '' are values, not "not yet".
    expect(await waitFor('zero', () => 0)).toBe(0);
  });

  it('keeps polling through a throwing probe and, at the deadline, names what it waited for and the last error', async () => {
    let calls = 0;
    const started = Date.now();
    const waiting = waitFor(
      'the order to be printed',
      () => {
        calls += 1;
        throw new Error(`not yet (${calls})`);
      },
      { timeoutMs: 100, intervalMs: 5 },
    );
    await expect(waiting).rejects.toThrow(
      /timed out after 100 ms waiting for the order to be printed; last error: not yet/,
    );
    expect(calls).toBeGreaterThan(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });
});

describe('staysTrue: a bounded "nothing else happens" window', () => {
  it('passes when the condition holds for the whole window, probing it throughout', async () => {
    let calls = 0;
    const started = Date.now();
    await staysTrue('no second event', () => ++calls > 0, { timeoutMs: 60, intervalMs: 5 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(60);
    expect(calls).toBeGreaterThan(2);
  });

  it('fails as soon as the condition stops holding, naming it', async () => {
    let calls = 0;
    const started = Date.now();
    await expect(staysTrue('no second event', () => ++calls < 3, { timeoutMs: 10_000, intervalMs: 1 })).rejects.toThrow(
      'expected no second event to hold, but it stopped holding',
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
