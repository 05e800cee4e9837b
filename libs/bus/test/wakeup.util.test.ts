import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Semaphore } from '../src/semaphore.util.js';
import { sleep, Wakeup } from '../src/wakeup.util.js';

describe('Wakeup (relay sleep between rounds)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ends a wait early on wake(), and remembers a wake that came before the wait', async () => {
    const wakeup = new Wakeup();
    let done = false;
    const waiting = wakeup.wait(5000).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(10);
    expect(done).toBe(false);
    wakeup.wake();
    await waiting;
    expect(done).toBe(true);

    wakeup.wake();
    await wakeup.wait(5000); // returns at once: the NOTIFY arrived while a round was running
  });

  it('does not let wake() shorten a backoff, but stop() ends anything', async () => {
    const wakeup = new Wakeup();
    let done = false;
    const waiting = wakeup.wait(1000, { wakeable: false }).then(() => {
      done = true;
    });
    wakeup.wake();
    await vi.advanceTimersByTimeAsync(500);
    expect(done).toBe(false);
    wakeup.stop();
    await waiting;
    await wakeup.wait(60_000); // stopped: returns at once
  });

  it('sleep() ends on its timer or when the signal aborts', async () => {
    const controller = new AbortController();
    let done = false;
    const sleeping = sleep(10_000, controller.signal).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(100);
    expect(done).toBe(false);
    controller.abort();
    await sleeping;
    expect(done).toBe(true);
  });
});

describe('Semaphore (messages in flight per consumer)', () => {
  it('admits up to its permits and then one per release, first come first served', async () => {
    const semaphore = new Semaphore(2);
    const order: number[] = [];
    await semaphore.acquire();
    await semaphore.acquire();
    const third = semaphore.acquire().then(() => order.push(3));
    const fourth = semaphore.acquire().then(() => order.push(4));
    await Promise.resolve();
    expect(order).toEqual([]);
    semaphore.release();
    await third;
    expect(order).toEqual([3]);
    semaphore.release();
    await fourth;
    expect(order).toEqual([3, 4]);
  });
});
