import {
  AckPolicy,
  type ConsumerConfig,
  type ConsumerInfo,
  DeliverPolicy,
  type JetStreamManager,
  ReplayPolicy,
} from '@nats-io/jetstream';
import { millis, nanos } from '@nats-io/transport-node';
import type { BusLogger } from './bus-logger.util.js';
import type { ConsumerRoute } from './consumer-route.model.js';
import { isNotFound } from './streams.setup.js';

/**
 * Where a new durable consumer starts reading its stream. `all`: from the oldest event the stream
 * still holds (STREAM_MAX_AGE_HOURS back); the platform's own consumers use it, so nothing published
 * before a consumer's first start is missed. `new`: only events published after it is created.
 * `time`: events stored at or after `time` (a replay from T). Only creation reads it: an existing
 * consumer keeps its position, whatever is asked later.
 */
export type ConsumerStart = { from: 'all' } | { from: 'new' } | { from: 'time'; time: Date };

export const START_FROM_ALL: ConsumerStart = Object.freeze({ from: 'all' });

export interface DurableSettings {
  serviceName: string;
  ackWaitMs: number;
  maxAckPending: number;
  /** Default START_FROM_ALL. */
  start?: ConsumerStart;
  /**
   * Where a missing durable consumer starts if it was deleted (its inbox remembers events of its
   * subject); undefined when it is new, which then takes its route's start. See JetStreamServer.
   */
  resumeAfterLoss?: (route: ConsumerRoute) => Promise<ConsumerStart | undefined>;
}

/** The JetStream deliver policy (and start time) of a start point. */
export function deliverFrom(
  start: ConsumerStart,
): Pick<ConsumerConfig, 'deliver_policy'> & { opt_start_time?: string } {
  switch (start.from) {
    case 'all':
      return { deliver_policy: DeliverPolicy.All };
    case 'new':
      return { deliver_policy: DeliverPolicy.New };
    case 'time':
      if (Number.isNaN(start.time.getTime())) throw new Error('consumer start time is not a valid date');
      return { deliver_policy: DeliverPolicy.StartTime, opt_start_time: start.time.toISOString() };
  }
}

/**
 * The durable pull consumer of a route. Explicit acks; redelivery of an unacked message after
 * ackWaitMs. The server never gives up on a message (max_deliver -1): the transport counts
 * deliveries itself and moves a message that keeps failing to the dead-letter stream, so no message
 * is dropped silently. Retry delays come from nak(delay), not from the consumer's `backoff` list,
 * because a `backoff` list replaces ack_wait (the server then redelivers a message still being
 * processed after backoff[0]).
 */
export function durableConfig(route: ConsumerRoute, settings: DurableSettings): Partial<ConsumerConfig> {
  return {
    durable_name: route.durable,
    description: `${settings.serviceName} handles ${route.subject}`,
    ack_policy: AckPolicy.Explicit,
    ...deliverFrom(route.start ?? settings.start ?? START_FROM_ALL),
    replay_policy: ReplayPolicy.Instant,
    filter_subject: route.natsSubject,
    ack_wait: nanos(settings.ackWaitMs),
    max_deliver: -1,
    max_ack_pending: settings.maxAckPending,
  };
}

/**
 * Creates the route's durable consumer, or updates it when its settings differ, and returns what
 * JetStream says of it (a consumer to read can be made from it without asking again). Safe when
 * replicas race.
 */
export async function ensureDurableConsumer(
  jsm: JetStreamManager,
  route: ConsumerRoute,
  settings: DurableSettings,
  logger: BusLogger,
): Promise<ConsumerInfo> {
  let wanted = durableConfig(route, settings);
  const current = await consumerInfo(jsm, route);
  if (!current) {
    const resumed = await settings.resumeAfterLoss?.(route);
    if (resumed) wanted = { ...wanted, ...deliverFrom(resumed) };
    try {
      const created = await jsm.consumers.add(route.stream, wanted);
      const log = { stream: route.stream, durable: route.durable, subject: route.natsSubject };
      if (resumed) {
        logger.warn(
          { ...log, from: wanted.opt_start_time },
          'durable consumer was missing though it has handled events: recreated from its inbox horizon, not from its start',
        );
      } else logger.info(log, 'created durable consumer');
      return created;
    } catch (error) {
      // Another replica may have created it meanwhile; compare with what is there now.
      const raced = await consumerInfo(jsm, route);
      if (!raced) throw error;
      return updateIfDrifted(jsm, route, raced, wanted, logger);
    }
  }
  return updateIfDrifted(jsm, route, current, wanted, logger);
}

async function updateIfDrifted(
  jsm: JetStreamManager,
  route: ConsumerRoute,
  info: ConsumerInfo,
  wanted: Partial<ConsumerConfig>,
  logger: BusLogger,
): Promise<ConsumerInfo> {
  const current = info.config;
  if (current.filter_subject !== wanted.filter_subject || current.ack_policy !== wanted.ack_policy) {
    throw new Error(
      `durable consumer ${route.durable} on ${route.stream} exists with filter ${current.filter_subject} / ack ${current.ack_policy}; ` +
        'delete it to let it be recreated',
    );
  }
  const drift: string[] = [];
  if (millis(current.ack_wait ?? 0) !== millis(wanted.ack_wait ?? 0)) drift.push('ack_wait');
  if ((current.max_deliver ?? -1) !== wanted.max_deliver) drift.push('max_deliver');
  if ((current.backoff ?? []).length > 0) drift.push('backoff');
  if (current.max_ack_pending !== wanted.max_ack_pending) drift.push('max_ack_pending');
  if (current.description !== wanted.description) drift.push('description');
  if (drift.length === 0) return info;
  const updated = await jsm.consumers.update(route.stream, route.durable, {
    ack_wait: wanted.ack_wait,
    max_deliver: wanted.max_deliver,
    backoff: [],
    max_ack_pending: wanted.max_ack_pending,
    description: wanted.description,
  });
  logger.info({ stream: route.stream, durable: route.durable, changed: drift }, 'updated durable consumer');
  return updated;
}

async function consumerInfo(jsm: JetStreamManager, route: ConsumerRoute): Promise<ConsumerInfo | undefined> {
  try {
    return await jsm.consumers.info(route.stream, route.durable);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
