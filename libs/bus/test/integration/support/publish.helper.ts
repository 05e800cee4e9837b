import { codecFor } from '@cs/contracts';
import { jetstream, type PubAck } from '@nats-io/jetstream';
import { cloudEventHeaders, toMsgHdrs } from '../../../src/cloud-event.codec.js';
import { eventNatsSubject } from '../../../src/naming.util.js';
import { uuidv7 } from '../../../src/uuid-v7.util.js';
import type { BusFixture } from './bus.fixture.js';
import { addressChanged } from './order-events.js';

export interface PublishedEvent {
  eventId: string;
  ack: PubAck;
}

/**
 * Publishes an address change straight to JetStream as the relay would (CloudEvents headers,
 * proto3 JSON body), for consumer tests that need control over ids and bodies.
 */
export async function publishAddressChanged(
  fx: BusFixture,
  {
    orderId,
    version = 1,
    eventId = uuidv7(),
    msgId = eventId,
    body,
    trace = {},
  }: {
    orderId: string;
    version?: number;
    eventId?: string;
    msgId?: string;
    body?: string;
    trace?: Record<string, string>;
  },
): Promise<PublishedEvent> {
  const subject = 'cs.orders.order.address_changed';
  const headers = cloudEventHeaders({
    id: eventId,
    type: subject,
    source: '/cs/orders',
    time: new Date(),
    aggregateId: orderId,
    aggregateVersion: version,
    trace,
  });
  const data = body ?? JSON.stringify(codecFor(subject).toJSON(addressChanged(orderId, version)));
  const ack = await jetstream(fx.nc).publish(eventNatsSubject(fx.prefix, subject, orderId), data, {
    msgID: msgId,
    headers: toMsgHdrs(headers),
  });
  return { eventId, ack };
}
