import { type EventSubject, streamOf } from '@cs/contracts';
import type { ConsumerStart } from './durable-consumer.setup.js';
import {
  deadLetterSubject,
  durableName,
  EVENT_PARTITIONS,
  partitionDurableName,
  prefixStream,
  prefixSubject,
} from './naming.util.js';

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

/** The durable consumer of one partition of a route: its own name, filtering "<subject>.<partition>". */
export function partitionRoute(route: ConsumerRoute, partition: number): ConsumerRoute {
  return {
    ...route,
    natsSubject: `${route.natsSubject}.${partition}`,
    durable: partitionDurableName(route.durable, partition),
  };
}

/** The durable consumers of every partition of a route. */
export function partitionRoutes(route: ConsumerRoute): ConsumerRoute[] {
  return Array.from({ length: EVENT_PARTITIONS }, (_, partition) => partitionRoute(route, partition));
}
