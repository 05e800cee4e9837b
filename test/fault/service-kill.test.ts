// kill -9 of a producer mid-relay and of a consumer mid-stream, as an operator (or the OOM killer)
// would: orders under continuing HTTP and gRPC load is killed with SIGKILL while its relay has a
// backlog, care while it consumes orders' events; both are restarted. Every order that was stored
// has exactly one event on the stream (JetStream's duplicate window absorbs the relay's re-publish)
// and is handled by care once; nothing else is.
import { waitFor } from '@cs/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ServiceProcess } from '../e2e/processes/support/service-process.js';
import { placedEventsPerOrder, startOrderLoad } from './support/order-load.js';
import { type OrdersAndCare, ordersAndCare, unlimitedIntake } from './support/orders-and-care.js';

const cleanups: (() => Promise<unknown>)[] = [];
let platform: OrdersAndCare;
let natsUrl: string;

beforeAll(async () => {
  natsUrl = inject('natsUrl');
  platform = await ordersAndCare(inject('postgresUrl'), natsUrl, { ...unlimitedIntake, LOG_LEVEL: 'warn' }, cleanups);
}, 240_000);

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

async function killHard(service: ServiceProcess): Promise<void> {
  process.kill(service.pid, 'SIGKILL');
  await waitFor(`${service.name} to die`, () => service.exited(), { timeoutMs: 10_000, intervalMs: 20 });
}

const pendingOutbox = () => platform.count('orders', 'select count(*) as n from cs_outbox where published_at is null');
const careOrders = () => platform.count('care', 'select count(*) as n from customer_orders');

describe('kill -9 mid-relay and mid-stream', () => {
  it('loses and doubles nothing: one event per stored order, each consumed once', async () => {
    let [orders, care] = await Promise.all([platform.start('orders'), platform.start('care')]);
    let load = await startOrderLoad(orders, { httpWorkers: 4, grpcWorkers: 4 });
    try {
      await waitFor('orders to take 80 orders under load', () => load.ok().length >= 80, { timeoutMs: 30_000 });
      // The producer dies while its relay is working: mid-round, or with rows committed but not yet claimed.
      await killHard(orders);
      await load.stop();
      orders = await platform.start('orders');
      load = await startOrderLoad(orders, { httpWorkers: 4, grpcWorkers: 4 });
      await waitFor('orders to take 80 more orders', () => load.ok().length >= 80, { timeoutMs: 30_000 });
      // The consumer dies mid-stream, with events delivered and not yet acknowledged.
      await waitFor('care to be consuming', async () => (await careOrders()) >= 20, { timeoutMs: 30_000 });
      await killHard(care);
      await waitFor('orders to take 40 more orders with care away', () => load.ok().length >= 120, {
        timeoutMs: 30_000,
      });
      care = await platform.start('care');
    } finally {
      await load.stop();
    }

    const stored = new Set(
      (await platform.rows<{ id: string }>('orders', 'select id from orders')).map((row) => row.id),
    );
    expect(stored.size).toBeGreaterThanOrEqual(200);
    await waitFor('the outbox to drain', async () => (await pendingOutbox()) === 0, { timeoutMs: 30_000 });
    const perOrder = await placedEventsPerOrder(natsUrl, platform.subjectPrefix);
    expect([...perOrder].filter(([, n]) => n !== 1)).toEqual([]);
    expect(new Set(perOrder.keys())).toEqual(stored);
    await waitFor('care to have every order', async () => (await careOrders()) === stored.size, {
      timeoutMs: 60_000,
    });
    // The inbox's key makes a second handling impossible; what matters is that every event was handled.
    const handled = await platform.count(
      'care',
      "select count(*) as n from cs_inbox where subject like '%cs.orders.order.placed'",
    );
    expect(handled).toBe(stored.size);
    const items = await platform.count('care', "select count(*) as n from customer_order_items where sku = 'MUG-RED'");
    expect(items).toBe(stored.size);
    expect(orders.exited() || care.exited()).toBe(false);
  }, 180_000);
});
