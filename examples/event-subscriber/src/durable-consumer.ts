import {
  AckPolicy,
  type ConsumerInfo,
  DeliverPolicy,
  JetStreamApiError,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';

/**
 * Where a new durable consumer starts: `new` only events published after it is created (the usual
 * choice), `time` every event stored at or after `time` (a replay from T), `all` everything the
 * stream still holds (90 days).
 */
export type StartAt = { from: 'new' } | { from: 'time'; time: Date } | { from: 'all' };

export interface DurableConsumerSpec {
  /** The producing service's stream, e.g. CS_ORDERS. */
  stream: string;
  /** Your system's name and what it reads, e.g. erp__orders: letters, digits, - and _ only. */
  durable: string;
  /**
   * A wildcard within the stream: cs.orders.> (all of it) or cs.orders.order.placed.* (one subject, every
   * partition); cs.orders.order.placed.3 is one partition. subjectFilter() turns a bare subject into its `.*`.
   */
  filterSubject: string;
  start: StartAt;
  /** How long the server waits for an ack before it delivers the message again. */
  ackWaitMs?: number;
}

/** How many partitions each subject has (libs/bus EVENT_PARTITIONS): part of the event contract. */
export const EVENT_PARTITIONS = 8;

/**
 * The filter for what you name: events are published on `<subject>.<partition>` (the partition, 0..7,
 * is a hash of the aggregate id, ce-subject), so a bare subject such as cs.orders.order.placed matches
 * none of them and becomes cs.orders.order.placed.*. A wildcard (cs.orders.>, cs.orders.*.*.3) or a
 * subject with its partition (cs.orders.order.placed.3) is taken as it is.
 */
export function subjectFilter(events: string): string {
  const tokens = events.split('.');
  const last = tokens.at(-1) ?? '';
  if (tokens.includes('*') || last === '>') return events;
  if (/^\d+$/.test(last) && Number(last) < EVENT_PARTITIONS) return events;
  return `${events}.*`;
}

/**
 * Creates the durable pull consumer, or finds it. The start point counts only at creation: an
 * existing consumer goes on where it stopped, whatever `start` says now.
 */
export async function ensureDurableConsumer(jsm: JetStreamManager, spec: DurableConsumerSpec): Promise<ConsumerInfo> {
  try {
    return await jsm.consumers.info(spec.stream, spec.durable);
  } catch (error) {
    if (!(error instanceof JetStreamApiError && error.status === 404)) throw error;
  }
  return jsm.consumers.add(spec.stream, {
    durable_name: spec.durable,
    ack_policy: AckPolicy.Explicit,
    filter_subject: spec.filterSubject,
    ack_wait: nanos(spec.ackWaitMs ?? 30_000),
    ...startPolicy(spec.start),
  });
}

function startPolicy(start: StartAt): { deliver_policy: DeliverPolicy; opt_start_time?: string } {
  switch (start.from) {
    case 'new':
      return { deliver_policy: DeliverPolicy.New };
    case 'all':
      return { deliver_policy: DeliverPolicy.All };
    case 'time':
      return { deliver_policy: DeliverPolicy.StartTime, opt_start_time: start.time.toISOString() };
  }
}
