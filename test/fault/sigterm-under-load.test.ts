// SIGTERM to orders under continuing keep-alive HTTP and gRPC load, and to care while it consumes
// orders' events: both drain and exit 0 well inside SHUTDOWN_GRACE_MS, every request either got its
// answer (and its order and its one event exist) or was refused retryably, and after a restart
// every order reaches care exactly once.
import { waitFor } from '@cs/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ServiceProcess } from '../e2e/processes/support/service-process.js';
import { placedEventsPerOrder, startOrderLoad } from './support/order-load.js';
import { type OrdersAndCare, ordersAndCare, unlimitedIntake } from './support/orders-and-care.js';

const GRACE_MS = 10_000;
const cleanups: (() => Promise<unknown>)[] = [];
let platform: OrdersAndCare;
let natsUrl: string;

beforeAll(async () => {
  natsUrl = inject('natsUrl');
  platform = await ordersAndCare(
    inject('postgresUrl'),
    natsUrl,
    { ...unlimitedIntake, SHUTDOWN_GRACE_MS: String(GRACE_MS), LOG_LEVEL: 'info' },
    cleanups,
  );
}, 240_000);

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

async function sigterm(service: ServiceProcess) {
  const sent = Date.now();
  process.kill(service.pid, 'SIGTERM');
  await waitFor(`${service.name} to exit after SIGTERM`, () => service.exited(), {
    timeoutMs: GRACE_MS + 10_000,
    intervalMs: 20,
  });
  const tookMs = Date.now() - sent;
  return { ...(await service.stop()), tookMs, sent, tail: service.tail() };
}

describe('SIGTERM under load', () => {
  it('drains HTTP keep-alive and gRPC, stops consuming after the current message, exits 0, loses and doubles nothing', async () => {
    const [orders, care] = await Promise.all([platform.start('orders'), platform.start('care')]);
    const load = await startOrderLoad(orders, { httpWorkers: 6, grpcWorkers: 4 });
    try {
      await waitFor('orders to take 100 orders under load', () => load.ok().length >= 100, { timeoutMs: 30_000 });
      await waitFor(
        'care to be consuming',
        async () => (await platform.count('care', 'select count(*) as n from customer_orders')) >= 20,
        { timeoutMs: 30_000 },
      );
      const [ordersExit, careExit] = await Promise.all([sigterm(orders), sigterm(care)]);
      expect({ code: ordersExit.code, forced: ordersExit.forced }, ordersExit.tail).toEqual({ code: 0, forced: false });
      expect({ code: careExit.code, forced: careExit.forced }, careExit.tail).toEqual({ code: 0, forced: false });
      // "Well inside": the watchdog would exit 1 at GRACE_MS; a drain takes a fraction of it.
      expect(ordersExit.tookMs).toBeLessThan(GRACE_MS / 2);
      expect(careExit.tookMs).toBeLessThan(GRACE_MS / 2);
      // Every phase finished by itself: nothing was cut at its bound.
      for (const [name, exit] of [
        ['orders', ordersExit],
        ['care', careExit],
      ] as const) {
        expect(exit.tail).toMatch(
          new RegExp(
            `"http":"drained","grpc":"drained","consumers":"done","relay":"done","nats":"done","tookMs":\\d+,"msg":"${name} stopped"`,
          ),
        );
      }
      // Requests keep coming after the exit: each client must see a refusal, not a hang or a 5xx.
      const exitedAt = ordersExit.sent + ordersExit.tookMs;
      await waitFor(
        'HTTP and gRPC clients to be refused after the exit',
        () => {
          const after = load.outcomes.filter((o) => o.at > exitedAt);
          if ((['http', 'grpc'] as const).every((via) => after.some((o) => o.via === via && o.kind === 'refused')))
            return true;
          throw new Error(`after the exit: ${JSON.stringify(after.slice(-6))}`);
        },
        { timeoutMs: 10_000 },
      );
      await load.stop();

      expect(load.outcomes.filter((o) => o.kind === 'other').slice(0, 5)).toEqual([]);
      expect(new Set(load.ok().map((o) => o.via))).toEqual(new Set(['http', 'grpc']));
    } finally {
      await load.stop();
    }

    // Every answered order committed; nothing committed that was never asked for.
    const stored = new Set(
      (await platform.rows<{ id: string }>('orders', 'select id from orders')).map((row) => row.id),
    );
    const answered = load.ok().map((o) => o.id);
    expect(answered.filter((id) => !stored.has(id))).toEqual([]);
    // A request refused before it reached a handler left nothing behind.
    const refusedUnread = load.outcomes.filter((o) => /HTTP 503|ECONNREFUSED/.test(o.what));
    expect(refusedUnread.length).toBeGreaterThan(0);
    expect(refusedUnread.filter((o) => stored.has(o.id))).toEqual([]);
    const attempted = new Set(load.outcomes.map((o) => o.id));
    expect([...stored].filter((id) => !attempted.has(id))).toEqual([]);

    // Restarted, the relay publishes what was left and care consumes the rest: each order once.
    await Promise.all([platform.start('orders'), platform.start('care')]);
    await waitFor(
      'the outbox to drain',
      async () =>
        (await platform.count('orders', 'select count(*) as n from cs_outbox where published_at is null')) === 0,
      { timeoutMs: 30_000 },
    );
    const perOrder = await placedEventsPerOrder(natsUrl, platform.subjectPrefix);
    expect([...perOrder].filter(([, n]) => n !== 1)).toEqual([]);
    expect(new Set(perOrder.keys())).toEqual(stored);
    await waitFor(
      'care to have every order',
      async () => (await platform.count('care', 'select count(*) as n from customer_orders')) === stored.size,
      { timeoutMs: 60_000 },
    );
    const handled = await platform.rows<{ message_id: string; n: string }>(
      'care',
      `select message_id, count(*) as n from cs_inbox where subject like '%cs.orders.order.placed' group by message_id`,
    );
    expect(handled.length).toBe(stored.size);
    const items = await platform.count('care', "select count(*) as n from customer_order_items where sku = 'MUG-RED'");
    expect(items).toBe(stored.size);
  }, 150_000);
});
