import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '@cs/testing';
import { describe, expect, it } from 'vitest';
import { durableName, partitionDurableName, partitionOf } from '../../src/naming.util.js';
import type { BusFixture } from './support/bus.fixture.js';
import { DeskBehaviour, printingDeskSuite, type RunningDesk, startPrintingDesk } from './support/printing-desk.app.js';
import { publishAddressChanged } from './support/publish.helper.js';

let fx: BusFixture;
const INBOX_RETENTION_MS = 3000;

const desks = printingDeskSuite('consumer_recreated', (opened) => {
  fx = opened;
});

async function startDesk(): Promise<RunningDesk> {
  const desk = await startPrintingDesk(fx, new DeskBehaviour('a'), {
    inboxRetentionMs: INBOX_RETENTION_MS,
    leaseRenewMs: 400,
  });
  desks.push(desk);
  await waitFor('the desk to hold every partition', () => desk.server.stats().partitions.length === 8);
  return desk;
}

const versionsHandled = async (orderId: string) =>
  (
    await fx.sql<{ order_version: number }>(
      'select order_version from printing_desk_log where order_id = ? order by id',
      [orderId],
    )
  ).map((row) => row.order_version);

describe('a durable consumer deleted while the service runs on', () => {
  it('is recreated inside the inbox horizon: events the inbox has forgotten are not handled again', async () => {
    const orderId = 'recreated-1';
    const first = await startDesk();
    for (const version of [1, 2, 3, 4]) await publishAddressChanged(fx, { orderId, version });
    await waitFor('versions 1–4 handled', async () => (await versionsHandled(orderId)).length === 4);
    // Time passes beyond the inbox's retention, and its purge forgets versions 1–4, as
    // MessagingRetention does; version 5 comes after, so the inbox still remembers it.
    await sleep(INBOX_RETENTION_MS + 200);
    await fx.sql(`delete from cs_inbox where received_at < clock_timestamp() - ? * interval '1 millisecond'`, [
      INBOX_RETENTION_MS,
    ]);
    await publishAddressChanged(fx, { orderId, version: 5 });
    await waitFor('version 5 handled', async () => (await versionsHandled(orderId)).length === 5);

    await first.close();
    const durable = partitionDurableName(
      durableName('printing', 'cs.orders.order.address_changed'),
      partitionOf(orderId),
    );
    await fx.jsm.consumers.delete(fx.stream('CS_ORDERS'), durable);
    await startDesk();
    await publishAddressChanged(fx, { orderId, version: 6 });

    // One partition, read in stream order: anything replayed would be handled before version 6.
    await waitFor('version 6 handled', async () => (await versionsHandled(orderId)).includes(6));
    expect(await versionsHandled(orderId)).toEqual([1, 2, 3, 4, 5, 6]);
    const info = await fx.jsm.consumers.info(fx.stream('CS_ORDERS'), durable);
    expect(info.config.deliver_policy).toBe('by_start_time');
  });

  it('a consumer that never handled anything starts from the stream’s start, as a new one does', async () => {
    const orderId = 'never-handled-1';
    for (const version of [1, 2]) await publishAddressChanged(fx, { orderId, version });
    const durable = partitionDurableName(
      durableName('printing', 'cs.orders.order.address_changed'),
      partitionOf(orderId),
    );
    await fx.jsm.consumers.delete(fx.stream('CS_ORDERS'), durable).catch(() => {});
    await fx.sql('delete from cs_inbox where consumer = ?', [
      durableName('printing', 'cs.orders.order.address_changed'),
    ]);
    await startDesk();
    await waitFor('versions 1–2 handled', async () => (await versionsHandled(orderId)).length === 2);
    expect((await fx.jsm.consumers.info(fx.stream('CS_ORDERS'), durable)).config.deliver_policy).toBe('all');
  });
});
