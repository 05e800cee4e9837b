import { waitFor } from '@cs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BusFixture, openBusFixture } from './support/bus.fixture.js';
import { DeskBehaviour, PRINTING_DESK_TABLE, startPrintingDesk } from './support/printing-desk.app.js';
import { publishAddressChanged } from './support/publish.helper.js';

let fx: BusFixture;
const AGGREGATES = ['b-1', 'b-2', 'b-3'];
const VERSIONS = 20;
/** handler call → the transaction it ran in, to see the batches. */
const transactions: { orderId: string; xid: string }[] = [];

beforeAll(async () => {
  fx = await openBusFixture('consumer_batches');
  await fx.sql(PRINTING_DESK_TABLE);
  await fx.ensureOrderStreams();
});

afterAll(async () => {
  await fx?.close();
});

describe('JetStreamServer batches', () => {
  it('handles a backlog in batches, each event once, each aggregate in version order; a failing event is retried and dead-lettered alone', async () => {
    for (let version = 1; version <= VERSIONS; version++) {
      for (const orderId of AGGREGATES) await publishAddressChanged(fx, { orderId, version });
    }
    const jam = await publishAddressChanged(fx, { orderId: 'jam-b', version: 1 });
    const behaviour = new DeskBehaviour('a', async (event, ctx) => {
      const [row] = await ctx.em.execute<{ xid: string }[]>('select txid_current()::text as xid');
      transactions.push({ orderId: event.orderId, xid: row?.xid ?? '' });
      if (event.orderId === 'jam-b') throw new Error('printer jammed');
    });
    // Everything is pulled at once: batches of up to 8, four at a time.
    const desk = await startPrintingDesk(fx, behaviour, {
      concurrency: 4,
      batchSize: 8,
      maxDeliver: 2,
      backoffMs: [50],
    });
    try {
      await waitFor('the jammed event dead-lettered', async () => (await fx.messageCount('CS_DLQ')) === 1);
      await waitFor('every other event handled', () => desk.server.stats().handled === AGGREGATES.length * VERSIONS);
      const rows = await fx.sql<{ order_id: string; order_version: number; event_id: string }>(
        'select order_id, order_version, event_id from printing_desk_log order by id',
      );
      expect(rows.filter((r) => r.event_id === jam.eventId)).toEqual([]); // rolled back each time
      expect(new Set(rows.map((r) => r.event_id)).size).toBe(rows.length);
      for (const orderId of AGGREGATES) {
        const versions = rows.filter((r) => r.order_id === orderId).map((r) => r.order_version);
        expect(versions, orderId).toEqual(Array.from({ length: VERSIONS }, (_, i) => i + 1));
      }
      const perTransaction = new Map<string, number>();
      for (const { xid } of transactions) perTransaction.set(xid, (perTransaction.get(xid) ?? 0) + 1);
      expect(Math.max(...perTransaction.values()), 'some transaction handled several events').toBeGreaterThan(1);
      expect(desk.server.stats()).toMatchObject({ 'dead-lettered': 1, duplicate: 0 });
    } finally {
      await desk.close();
    }
  });
});
