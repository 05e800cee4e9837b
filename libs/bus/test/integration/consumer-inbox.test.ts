import { waitFor } from '@cs/testing';
import { connect } from '@nats-io/transport-node';
import { describe, expect, it } from 'vitest';
import { durableName } from '../../src/naming.util.js';
import type { BusFixture } from './support/bus.fixture.js';
import { CaptureLogger } from './support/capture.logger.js';
import { DeskBehaviour, printingDeskSuite, startPrintingDesk } from './support/printing-desk.app.js';
import { publishAddressChanged } from './support/publish.helper.js';

let fx: BusFixture;
const DURABLE = durableName('printing', 'cs.orders.order.address_changed');

const desks = printingDeskSuite('consumer_inbox', (opened) => {
  fx = opened;
});

async function handledRows(eventId: string): Promise<number> {
  const [row] = await fx.sql<{ n: string }>('select count(*) as n from printing_desk_log where event_id = ?', [
    eventId,
  ]);
  return Number(row?.n);
}

function consumerSettled(): Promise<boolean> {
  return fx.consumerSettled('CS_ORDERS', DURABLE);
}

describe('JetStreamServer inbox', () => {
  it('changes state once when the same event arrives twice (re-published with another Nats-Msg-Id)', async () => {
    const logger = new CaptureLogger();
    const desk = await startPrintingDesk(fx, new DeskBehaviour(), { logger });
    desks.push(desk);

    const { eventId } = await publishAddressChanged(fx, { orderId: 'order-1', msgId: 'first-publish' });
    const again = await publishAddressChanged(fx, { orderId: 'order-1', eventId, msgId: 'publish-after-the-window' });
    expect(again.ack.duplicate).toBe(false); // JetStream stored it twice: only the inbox can help now

    await waitFor('the second copy acknowledged as already handled', () =>
      logger.find('info', 'already handled', { eventId }),
    );
    await waitFor('consumer has nothing pending', consumerSettled);
    expect(await handledRows(eventId)).toBe(1);
    expect(desk.behaviour.calls.filter((c) => c.eventId === eventId)).toHaveLength(1);
  });

  it('changes state once when a replica commits but dies before its ack reaches NATS (redelivered to another replica)', async () => {
    // Replica A owns its connection to NATS; its handler closes it, so the handler's transaction
    // commits but the ack cannot be sent: exactly a crash between commit and ack.
    const ncA = await connect({ servers: fx.natsUrl, name: 'printing-replica-a' });
    const replicaA = new DeskBehaviour('a', async () => {
      await ncA.close();
    });
    const deskA = await startPrintingDesk(fx, replicaA, { nc: ncA, natsUrl: undefined, ackWaitMs: 1000 });
    desks.push(deskA);

    const { eventId } = await publishAddressChanged(fx, { orderId: 'order-2' });
    await waitFor('replica A committed the handler', async () => (await handledRows(eventId)) === 1);
    expect(ncA.isClosed()).toBe(true);

    const logger = new CaptureLogger();
    const deskB = await startPrintingDesk(fx, new DeskBehaviour('b'), { ackWaitMs: 1000, logger });
    desks.push(deskB);

    const skipped = await waitFor('replica B received the redelivery and recognised it', () =>
      logger.find('info', 'already handled', { eventId }),
    );
    expect(skipped.fields.deliveryCount).toBe(2);
    await waitFor('consumer has nothing pending', consumerSettled);
    expect(await handledRows(eventId)).toBe(1);
    expect(replicaA.calls).toHaveLength(1);
    expect(deskB.behaviour.calls).toHaveLength(0);
  });
});
