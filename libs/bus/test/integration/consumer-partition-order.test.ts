import { waitFor } from '@cs/testing';
import { describe, expect, it } from 'vitest';
import { EVENT_PARTITIONS } from '../../src/naming.util.js';
import type { BusFixture } from './support/bus.fixture.js';
import { DeskBehaviour, printingDeskSuite, type RunningDesk, startPrintingDesk } from './support/printing-desk.app.js';
import { publishAddressChanged } from './support/publish.helper.js';

let fx: BusFixture;
const AGGREGATES = Array.from({ length: 24 }, (_, i) => `po-${i}`);
const VERSIONS = 12;

const desks = printingDeskSuite('consumer_partition_order', (opened) => {
  fx = opened;
});

/** Handler work of 0–8 ms, so replicas overtake each other whenever they share an aggregate. */
const jitter = async (_e: unknown, ctx: { em: { execute(q: string): Promise<unknown> } }) => {
  await ctx.em.execute(`select pg_sleep(${(Math.random() * 8) / 1000})`);
};

function startReplica(name: string): Promise<RunningDesk> {
  return startPrintingDesk(fx, new DeskBehaviour(name, jitter), {
    concurrency: 4,
    batchSize: 4,
    leaseRenewMs: 400,
    ackWaitMs: 2000,
  });
}

async function publishVersions(from: number, to: number): Promise<void> {
  for (let version = from; version <= to; version++) {
    await Promise.all(AGGREGATES.map((orderId) => publishAddressChanged(fx, { orderId, version })));
  }
}

describe('per-aggregate order with several replicas', () => {
  it('handles each aggregate in version order while replicas join, share the partitions out and leave', async () => {
    const first = await startReplica('first');
    desks.push(first);
    expect(first.server.stats().partitions).toHaveLength(EVENT_PARTITIONS);
    await publishVersions(1, 4);

    // Two more join while the first is busy: partitions move to them mid-stream.
    const [second, third] = await Promise.all([startReplica('second'), startReplica('third')]);
    desks.push(second, third);
    await publishVersions(5, 8);
    await waitFor('the partitions shared out 3/3/2', () =>
      [first, second, third].every((desk) => desk.server.stats().partitions.length >= 2),
    );

    // One leaves while events flow: its partitions are handed over.
    const leaving = second.close();
    await publishVersions(9, VERSIONS);
    await leaving;

    const total = AGGREGATES.length * VERSIONS;
    await waitFor(
      'every event handled',
      async () => Number((await fx.sql<{ n: string }>('select count(*) as n from printing_desk_log'))[0]?.n) === total,
      { timeoutMs: 30_000 },
    );
    const rows = await fx.sql<{ order_id: string; order_version: number; replica: string }>(
      'select order_id, order_version, replica from printing_desk_log order by handled_at, id',
    );
    expect(rows).toHaveLength(total);
    for (const orderId of AGGREGATES) {
      const versions = rows.filter((r) => r.order_id === orderId).map((r) => r.order_version);
      expect(versions, orderId).toEqual(Array.from({ length: VERSIONS }, (_, i) => i + 1));
    }
    const byReplica = new Map<string, number>();
    for (const { replica } of rows) byReplica.set(replica, (byReplica.get(replica) ?? 0) + 1);
    console.info('handled by replica', Object.fromEntries(byReplica));
    expect(byReplica.size, 'every replica handled some events').toBe(3);
    expect(await fx.consumerSettled('CS_ORDERS', 'printing__cs_orders_order_address_changed')).toBe(true);
  });
});
