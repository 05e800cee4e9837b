import {
  cloudEventHeaders,
  durableName,
  eventNatsSubject,
  partitionDurableName,
  partitionOf,
  prefixStream,
  producerStream,
  uuidv7,
} from '@cs/bus';
import { codecFor, type EventPayload, type EventSubject } from '@cs/contracts';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { type NatsConnection, headers as natsHeaders } from '@nats-io/transport-node';
import { waitFor } from './wait-for.js';

export interface PublishAsProducerOptions {
  eventId?: string;
  /** A new Nats-Msg-Id re-publishes past JetStream's duplicate window, as after a relay crash. */
  msgId?: string;
  aggregateId?: string;
  aggregateVersion?: number;
}

/**
 * Publishes another service's event as its relay does (CloudEvents headers, proto3 JSON body) and
 * waits until `consumer`'s durable consumer of that subject has acknowledged it, i.e. the consuming
 * service's transaction committed. The event goes to its aggregate's partition, and the durable
 * consumer waited for is that partition's. Returns the event id.
 */
export async function publishAsProducer<S extends EventSubject>(
  nc: NatsConnection,
  target: { subjectPrefix: string; consumer: string },
  subject: S,
  payload: EventPayload<S>,
  { eventId = uuidv7(), msgId = eventId, aggregateId = '', aggregateVersion = 1 }: PublishAsProducerOptions = {},
): Promise<string> {
  const producer = subject.split('.')[1]!;
  const record = cloudEventHeaders({
    id: eventId,
    type: subject,
    source: `/cs/${producer}`,
    time: new Date(),
    aggregateId,
    aggregateVersion,
    trace: {},
  });
  const headers = natsHeaders();
  for (const [key, value] of Object.entries(record)) headers.set(key, value);
  const ack = await jetstream(nc).publish(
    eventNatsSubject(target.subjectPrefix, subject, aggregateId),
    JSON.stringify(codecFor(subject).toJSON(payload)),
    { headers, msgID: msgId },
  );
  const jsm = await jetstreamManager(nc);
  const stream = prefixStream(target.subjectPrefix, producerStream(producer));
  const durable = partitionDurableName(durableName(target.consumer, subject), partitionOf(aggregateId));
  await waitFor(`${target.consumer} to acknowledge ${subject}`, async () => {
    const info = await jsm.consumers.info(stream, durable).catch(() => undefined);
    return (info?.ack_floor.stream_seq ?? 0) >= ack.seq;
  });
  return eventId;
}
