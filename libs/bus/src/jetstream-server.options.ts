import type { MikroORM } from '@mikro-orm/postgresql';
import type { NatsConnection } from '@nats-io/transport-node';
import type { BusLogger } from './bus-logger.util.js';

interface CommonServerOptions {
  /** The CONSUMING service, e.g. "printing": durable consumers are named <serviceName>__<subject>. */
  serviceName: string;
  orm: MikroORM;
  subjectPrefix?: string;
  /** Deliveries before a message whose handler keeps failing goes to the dead-letter stream. Default 5. */
  maxDeliver?: number;
  /** nak delay after failed delivery n: backoffMs[n-1], the last entry after that. Default [1000, 5000, 15000, 30000]. */
  backoffMs?: number[];
  /**
   * Redelivery after this long without an ack (a crashed replica); long handlers are kept alive by
   * "working" acks every third of it. Also the most of a crashed replica's partition lease. Default 10000.
   */
  ackWaitMs?: number;
  /** Batches of one consumer processed at once per replica. Mind the database pool: each holds a connection. Default 4. */
  concurrency?: number;
  /** The most messages of one consumer handled in one transaction; batches take what has arrived. Default 32. */
  batchSize?: number;
  /**
   * How often this replica renews its partition leases and rebalances. A dead replica's partitions
   * are taken over after ackWaitMs + 4 × this. Default 2000.
   */
  leaseRenewMs?: number;
  /** How long one pull request waits for messages (JetStream sends a heartbeat every half of it). Default 30000, at least 1000. */
  pullExpiresMs?: number;
  /**
   * How long the service's inbox remembers handled events (MessagingRetention's inboxMs). A durable
   * consumer found missing though its inbox remembers events (someone deleted it) is recreated from
   * inside this horizon, not from its start: what it handled since is recognised by the inbox, and
   * the stream's older events, which the inbox has forgotten, are not handled twice. Default 30 days.
   */
  inboxRetentionMs?: number;
  /** Create the producers' streams when missing (their settings are left to the producer). Default true. */
  ensureStreams?: boolean;
  logger?: BusLogger;
}

export type JetStreamServerOptions = CommonServerOptions &
  ({ natsUrl: string; nc?: undefined } | { nc: NatsConnection; natsUrl?: undefined });

export function integerAtLeast(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min)
    throw new Error(`JetStreamServer: ${name} must be an integer ≥ ${min}, got ${value}`);
  return value;
}
