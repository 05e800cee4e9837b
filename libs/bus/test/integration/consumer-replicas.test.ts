import { staysTrue, waitFor } from '@cs/testing';
import { millis } from '@nats-io/transport-node';
import { describe, expect, it } from 'vitest';
import { durableName, partitionDurableName } from '../../src/naming.util.js';
import type { BusFixture } from './support/bus.fixture.js';
import { DeskBehaviour, printingDeskSuite, startPrintingDesk } from './support/printing-desk.app.js';
import { publishAddressChanged } from './support/publish.helper.js';

let fx: BusFixture;
const DURABLE = durableName('printing', 'cs.orders.order.address_changed');

const desks = printingDeskSuite('consumer_replicas', (opened) => {
  fx = opened;
});

/** Simulated work inside the handler's transaction, so replicas overlap. */
const work = (ms: number) => async (_e: unknown, ctx: { em: { execute(q: string): Promise<unknown> } }) => {
  await ctx.em.execute(`select pg_sleep(${ms / 1000})`);
};

describe('JetStreamServer replicas', () => {
  it('shares the partitions of a subject between two replicas: the events are split and each is handled once', async () => {
    const a = await startPrintingDesk(fx, new DeskBehaviour('a', work(20)), { concurrency: 2, leaseRenewMs: 400 });
    const b = await startPrintingDesk(fx, new DeskBehaviour('b', work(20)), { concurrency: 2, leaseRenewMs: 400 });
    desks.push(a, b);
    await waitFor(
      'four partitions each',
      () => a.server.stats().partitions.length === 4 && b.server.stats().partitions.length === 4,
    );
    expect([...a.server.stats().partitions, ...b.server.stats().partitions].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);

    const info = await fx.jsm.consumers.info(fx.stream('CS_ORDERS'), partitionDurableName(DURABLE, 5));
    expect(info.config).toMatchObject({
      durable_name: `${DURABLE}__p5`,
      ack_policy: 'explicit',
      filter_subject: `${fx.prefix}.cs.orders.order.address_changed.5`,
      max_deliver: -1,
    });
    expect(millis(info.config.ack_wait ?? 0)).toBe(10_000);

    const ids = new Set<string>();
    for (let i = 0; i < 40; i++) ids.add((await publishAddressChanged(fx, { orderId: `order-${i}` })).eventId);

    await waitFor(
      'all 40 events handled',
      async () => {
        const [row] = await fx.sql<{ n: string }>('select count(*) as n from printing_desk_log');
        return Number(row?.n) === 40;
      },
      { timeoutMs: 20_000 },
    );
    const rows = await fx.sql<{ event_id: string; replica: string }>('select event_id, replica from printing_desk_log');
    expect(new Set(rows.map((r) => r.event_id))).toEqual(ids);
    const byA = rows.filter((r) => r.replica === 'a').length;
    const byB = rows.filter((r) => r.replica === 'b').length;
    console.info(`replica a handled ${byA}, replica b handled ${byB}`);
    expect(byA).toBeGreaterThan(0);
    expect(byB).toBeGreaterThan(0);
    expect(a.behaviour.calls.length + b.behaviour.calls.length).toBe(40);
  });

  it('lets the message in flight finish and be acknowledged when a replica closes', async () => {
    await fx.sql('delete from printing_desk_log');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const behaviour = new DeskBehaviour('closing', () => gate);
    const desk = await startPrintingDesk(fx, behaviour);
    desks.push(desk);

    const { eventId } = await publishAddressChanged(fx, { orderId: 'order-in-flight' });
    await waitFor('handler started', () => behaviour.calls.length === 1);

    let closed = false;
    const closing = desk.close().then(() => {
      closed = true;
    });
    await staysTrue('close() waiting for the handler in flight', () => !closed, { timeoutMs: 300 });
    release();
    await closing;

    expect(await fx.sql('select event_id from printing_desk_log')).toEqual([{ event_id: eventId }]);
    expect(await fx.consumerSettled('CS_ORDERS', DURABLE)).toBe(true);
  });
});
