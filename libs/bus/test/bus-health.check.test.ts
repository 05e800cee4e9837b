import type { NatsConnection, Status } from '@nats-io/transport-node';
import { describe, expect, it } from 'vitest';
import { BusHealthMonitor } from '../src/bus-health.check.js';

/** A connection whose status events the test emits and whose pings answer, or never. */
function fakeConnection() {
  const waiting: ((status: IteratorResult<Status>) => void)[] = [];
  const queued: Status[] = [];
  const state = { answers: true, pings: 0 };
  const nc = {
    getServer: () => '127.0.0.1:4222',
    isClosed: () => false,
    isDraining: () => false,
    rtt: () => {
      state.pings += 1;
      return state.answers ? Promise.resolve(1) : new Promise<number>(() => {});
    },
    status: () => ({
      [Symbol.asyncIterator]: () => ({
        next: () =>
          new Promise<IteratorResult<Status>>((resolve) => {
            const status = queued.shift();
            if (status) resolve({ value: status, done: false });
            else waiting.push(resolve);
          }),
      }),
    }),
  };
  const emit = async (status: Status) => {
    const next = waiting.shift();
    if (next) next({ value: status, done: false });
    else queued.push(status);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { nc: nc as unknown as NatsConnection, state, emit };
}

describe('BusHealthMonitor', () => {
  it('reports a disconnect at once, without waiting for a ping, and recovers on reconnect', async () => {
    const { nc, emit } = fakeConnection();
    const monitor = new BusHealthMonitor(nc, { timeoutMs: 5_000, cacheMs: 0 });
    expect((await monitor.check()).ok).toBe(true);
    await emit({ type: 'disconnect', server: '127.0.0.1:4222' });
    const started = Date.now();
    const away = await monitor.check();
    expect(Date.now() - started).toBeLessThan(100);
    expect(away.ok).toBe(false);
    expect(away.detail.error).toMatch(/disconnected/);
    expect(away.detail.unansweredMs).toBeGreaterThanOrEqual(0);
    await emit({ type: 'reconnect', server: '127.0.0.1:4222' });
    expect((await monitor.check()).ok).toBe(true);
  });

  it('reports a connection whose server stops answering pings within timeoutMs (half-open)', async () => {
    const { nc, state } = fakeConnection();
    const monitor = new BusHealthMonitor(nc, { timeoutMs: 100, cacheMs: 0 });
    state.answers = false;
    const started = Date.now();
    const health = await monitor.check();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(health.ok).toBe(false);
    expect(health.detail.error).toMatch(/no answer from NATS within 100 ms/);
  });

  it('names NATS when a ping fails because the connection dropped under it', async () => {
    const { nc } = fakeConnection();
    (nc as unknown as { rtt: () => Promise<number> }).rtt = () => Promise.reject(new Error('connection disconnected'));
    const health = await new BusHealthMonitor(nc, { cacheMs: 0 }).check();
    expect(health).toMatchObject({ ok: false, detail: { error: 'NATS ping failed: Error: connection disconnected' } });
  });

  it('pings at most once per cacheMs however often it is asked', async () => {
    const { nc, state } = fakeConnection();
    const monitor = new BusHealthMonitor(nc, { timeoutMs: 100, cacheMs: 60_000 });
    await Promise.all(Array.from({ length: 20 }, () => monitor.check()));
    await monitor.check();
    expect(state.pings).toBe(1);
  });
});
