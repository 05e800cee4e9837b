import type { EventPayload, EventSubject } from '@cs/contracts';
import { type PublishAsProducerOptions, publishAsProducer } from '@cs/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import type { AftersalesHarness } from './aftersales-fixture.js';

/** Publishes another service's event as its relay does and waits until aftersales has acknowledged it. */
export function publishEvent<S extends EventSubject>(
  h: AftersalesHarness,
  nc: NatsConnection,
  subject: S,
  payload: EventPayload<S>,
  options: PublishAsProducerOptions = {},
): Promise<string> {
  return publishAsProducer(nc, { subjectPrefix: h.sut.subjectPrefix, consumer: 'aftersales' }, subject, payload, {
    aggregateVersion: 5,
    ...options,
  });
}
