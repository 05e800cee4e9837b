import { type EventSubject, streamOf } from '@cs/contracts';
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
}

export function consumerRoute(serviceName: string, subject: EventSubject, prefix: string): ConsumerRoute {
  return {
    subject,
    producer: subject.split('.')[1] ?? '',
    natsSubject: prefixSubject(prefix, subject),
    stream: prefixStream(prefix, streamOf(subject)),
    durable: durableName(serviceName, subject),
    deadLetterSubject: prefixSubject(prefix, deadLetterSubject(serviceName, subject)),
  };
}
