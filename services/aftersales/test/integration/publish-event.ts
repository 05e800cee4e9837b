import { cloudEventHeaders, durableName, prefixStream, prefixSubject, producerStream, uuidv7 } from '@cs/bus';
import { codecFor, type EventPayload, type EventSubject } from '@cs/contracts';
import { waitFor } from '@cs/testing';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { type NatsConnection, headers as natsHeaders } from '@nats-io/transport-node';
import type { AftersalesHarness } from './aftersales-fixture.js';

export interface PublishOptions {
  eventId?: string;
  /** A new Nats-Msg-Id re-publishes past JetStream's duplicate window, as after a relay crash. */
  msgId?: string;
  aggregateId?: string;
}

/**
 * Publishes another service's event as its relay does (CloudEvents headers, proto3 JSON body) and
 * waits until aftersales' durable consumer has acknowledged it, i.e. its transaction committed.
 */
export async function publishEvent<S extends EventSubject>(
  h: AftersalesHarness,
  nc: NatsConnection,
  subject: S,
  payload: EventPayload<S>,
  { eventId = uuidv7(), msgId = eventId, aggregateId = '' }: PublishOptions = {},
): Promise<string> {
  const producer = subject.split('.')[1]!;
  const record = cloudEventHeaders({
    id: eventId,
    type: subject,
    source: `/cs/${producer}`,
    time: new Date(),
    aggregateId,
    aggregateVersion: 5,
    trace: {},
  });
  const headers = natsHeaders();
  for (const [key, value] of Object.entries(record)) headers.set(key, value);
  const ack = await jetstream(nc).publish(
    prefixSubject(h.sut.subjectPrefix, subject),
    JSON.stringify(codecFor(subject).toJSON(payload)),
    { headers, msgID: msgId },
  );
  const jsm = await jetstreamManager(nc);
  const stream = prefixStream(h.sut.subjectPrefix, producerStream(producer));
  await waitFor(`aftersales to acknowledge ${subject}`, async () => {
    const info = await jsm.consumers.info(stream, durableName('aftersales', subject));
    return info.ack_floor.stream_seq >= ack.seq;
  });
  return eventId;
}
