import type { NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import { type BusLogger, describeError, noopLogger } from './bus-logger.util.js';
import { assertSubjectPrefix, prefixSubject } from './naming.util.js';
import { OutboxPublisher, publishFailureText } from './outbox.publisher.js';
import {
  claimPending,
  groupByAggregate,
  markFailed,
  markPublished,
  type OutboxRow,
  type PublishFailure,
} from './outbox.repository.js';
import { OutboxListener } from './outbox-listener.service.js';
import { backoffDelay } from './retry-policy.util.js';
import { Wakeup } from './wakeup.util.js';

export interface OutboxRelayOptions {
  /** The service's own database (where cs_outbox lives); the relay opens a small pool of its own. */
  databaseUrl: string;
  nc: NatsConnection;
  /** The CloudEvents source of this service, e.g. "/cs/orders". */
  source: string;
  subjectPrefix?: string;
  /** Rows claimed per round. Default 100. */
  batchSize?: number;
  /** The polling fallback when no NOTIFY arrives. Default 1000. */
  pollIntervalMs?: number;
  /** How long to wait for JetStream to acknowledge one publish. Default 5000. */
  publishTimeoutMs?: number;
  /** The longest pause after failures (for the relay as a whole and for one aggregate). Default 30000. */
  maxBackoffMs?: number;
  logger?: BusLogger;
}

export interface OutboxRelayStats {
  running: boolean;
  listening: boolean;
  rounds: number;
  published: number;
  /** Publishes JetStream recognised as re-publishes (same Nats-Msg-Id within the duplicate window). */
  duplicates: number;
  failed: number;
  /** Aggregates whose next publish waits for a retry. */
  backingOff: number;
  lastPublishedAt?: Date;
  lastError?: string;
}

interface RoundOutcome {
  claimed: number;
  published: number;
  failed: number;
}

const RETRY_BASE_MS = 200;

/**
 * Publishes outbox rows to JetStream after their transaction committed.
 *
 * Each round claims the oldest pending rows with FOR UPDATE SKIP LOCKED in a transaction, publishes
 * them (rows of one aggregate in order, aggregates concurrently) with Nats-Msg-Id = row id and the
 * CloudEvents headers, marks them published and commits. Several replicas share the work safely; a
 * crash between publish and commit re-publishes, which JetStream's duplicate window absorbs.
 * A NOTIFY from the insert trigger wakes it; it also polls every pollIntervalMs.
 * A failed publish leaves the row pending (attempts + 1, last_error) and holds back that aggregate's
 * later rows, with backoff; when nothing could be published the whole relay backs off.
 */
export class OutboxRelay {
  private readonly pool: pg.Pool;
  private readonly publisher: OutboxPublisher;
  private readonly listener: OutboxListener;
  private readonly wakeup = new Wakeup();
  private readonly logger: BusLogger;
  private readonly prefix: string;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly maxBackoffMs: number;
  /** aggregate id → when its oldest pending row may be retried (ms since epoch). */
  private readonly backingOff = new Map<string, number>();
  private loop?: Promise<void>;
  private stopping = false;
  private failedRounds = 0;
  private readonly counters: Omit<OutboxRelayStats, 'running' | 'listening' | 'backingOff'> = {
    rounds: 0,
    published: 0,
    duplicates: 0,
    failed: 0,
  };

  constructor(options: OutboxRelayOptions) {
    if (!options.source) throw new Error('OutboxRelay: source (the CloudEvents source, e.g. "/cs/orders") is required');
    this.prefix = assertSubjectPrefix(options.subjectPrefix);
    this.batchSize = positive('batchSize', options.batchSize ?? 100);
    this.pollIntervalMs = positive('pollIntervalMs', options.pollIntervalMs ?? 1000);
    this.maxBackoffMs = positive('maxBackoffMs', options.maxBackoffMs ?? 30_000);
    this.logger = options.logger ?? noopLogger;
    this.publisher = new OutboxPublisher(options.nc, {
      source: options.source,
      prefix: this.prefix,
      timeoutMs: positive('publishTimeoutMs', options.publishTimeoutMs ?? 5000),
    });
    this.pool = new pg.Pool({ connectionString: options.databaseUrl, max: 2, application_name: 'cs-outbox-relay' });
    this.pool.on('error', (error) =>
      this.logger.warn({ error: describeError(error) }, 'outbox relay: idle database connection failed'),
    );
    this.listener = new OutboxListener(options.databaseUrl, () => this.wakeup.wake(), this.logger);
  }

  /** Starts listening and publishing; rejects when the database cannot be reached. */
  async start(): Promise<void> {
    if (this.loop) throw new Error('OutboxRelay already started');
    if (this.stopping) throw new Error('OutboxRelay cannot be restarted after stop(); create a new one');
    await this.listener.start();
    this.loop = this.run();
    this.logger.info({ batchSize: this.batchSize, pollIntervalMs: this.pollIntervalMs }, 'outbox relay started');
  }

  /** Stops after the batch in flight is published and committed, then releases its connections. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeup.stop();
    await this.loop;
    this.loop = undefined;
    await this.listener.stop();
    await this.pool.end().catch(() => {});
    this.logger.info(this.stats(), 'outbox relay stopped');
  }

  stats(): OutboxRelayStats {
    return {
      ...this.counters,
      running: this.loop !== undefined && !this.stopping,
      listening: this.listener.listening,
      backingOff: this.backingOff.size,
    };
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let outcome: RoundOutcome | undefined;
      try {
        outcome = await this.round();
      } catch (error) {
        this.counters.lastError = describeError(error);
        this.logger.error({ error: this.counters.lastError }, 'outbox relay round failed');
      }
      if (this.stopping) break;
      if (!outcome || (outcome.failed > 0 && outcome.published === 0)) {
        this.failedRounds += 1;
        await this.wakeup.wait(backoffDelay(this.failedRounds, RETRY_BASE_MS, this.maxBackoffMs), { wakeable: false });
        continue;
      }
      this.failedRounds = 0;
      if (outcome.claimed === this.batchSize) continue;
      await this.wakeup.wait(this.nextPollDelay());
    }
  }

  private nextPollDelay(): number {
    const now = Date.now();
    let delay = this.pollIntervalMs;
    for (const due of this.backingOff.values()) delay = Math.min(delay, Math.max(0, due - now));
    return delay;
  }

  private async round(): Promise<RoundOutcome> {
    this.counters.rounds += 1;
    const now = Date.now();
    for (const [aggregate, due] of this.backingOff) if (due <= now) this.backingOff.delete(aggregate);
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('begin');
      const rows = await claimPending(client, this.batchSize, [...this.backingOff.keys()]);
      const { published, failures } = await this.publishAll(rows);
      await markPublished(client, published);
      await markFailed(
        client,
        failures.map(({ row, error }): PublishFailure => ({ id: row.id, error })),
      );
      await client.query('commit');
      for (const { row } of failures) {
        this.backingOff.set(
          row.aggregate_id,
          Date.now() + backoffDelay(row.attempts + 1, RETRY_BASE_MS, this.maxBackoffMs),
        );
      }
      this.counters.published += published.length;
      this.counters.failed += failures.length;
      if (published.length > 0) this.counters.lastPublishedAt = new Date();
      return { claimed: rows.length, published: published.length, failed: failures.length };
    } catch (error) {
      broken = error as Error;
      await client.query('rollback').catch(() => {});
      throw error;
    } finally {
      client.release(broken);
    }
  }

  private async publishAll(
    rows: OutboxRow[],
  ): Promise<{ published: string[]; failures: { row: OutboxRow; error: string }[] }> {
    const published: string[] = [];
    const failures: { row: OutboxRow; error: string }[] = [];
    await Promise.all(
      groupByAggregate(rows).map(async (sequence) => {
        for (const row of sequence) {
          try {
            const ack = await this.publisher.publish(row);
            if (ack.duplicate) this.counters.duplicates += 1;
            published.push(row.id);
          } catch (error) {
            const text = publishFailureText(error, prefixSubject(this.prefix, row.subject));
            failures.push({ row, error: text });
            this.counters.lastError = text;
            this.logger.warn(
              {
                eventId: row.id,
                subject: row.subject,
                aggregateId: row.aggregate_id,
                attempts: row.attempts + 1,
                error: text,
              },
              'outbox publish failed; will retry',
            );
            return; // the aggregate's later rows wait, so its events stay in order
          }
        }
      }),
    );
    return { published, failures };
  }
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`OutboxRelay: ${name} must be a positive number, got ${value}`);
  return value;
}
