import { type EventSubject, streamOf } from '@cs/contracts';
import type { ConsumerStart } from './durable-consumer.setup.js';
import { deadLetterSubject, durableName, prefixStream, prefixSubject } from './naming.util.js';

/** Everything about one (consuming service, subject) pair: one durable consumer and its handler. */
export interface ConsumerRoute {
  subject: EventSubject;
  /** The producing service, e.g. "orders". */
  producer: string;
  natsSubject: string;
  stream: string;
  durable: string;
  deadLetterSubject: string;
  /** Where its durable consumer starts when first created (@OnEvent's `start`); the transport's default otherwise. */
  start?: ConsumerStart;
}

export function consumerRoute(
  serviceName: string,
  subject: EventSubject,
  prefix: string,
  start?: ConsumerStart,
): ConsumerRoute {
  return {
    ...(start ? { start } : {}),
    subject,
    producer: subject.split('.')[1] ?? '',
    natsSubject: prefixSubject(prefix, subject),
    stream: prefixStream(prefix, streamOf(subject)),
    durable: durableName(serviceName, subject),
    deadLetterSubject: prefixSubject(prefix, deadLetterSubject(serviceName, subject)),
  };
}
