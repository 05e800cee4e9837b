import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { onOutboxCommit } from '@cs/persistence';
import type pg from 'pg';
import { type BusLogger, describeError, noopLogger } from './bus-logger.util.js';
import { assertSubjectPrefix, eventNatsSubject } from './naming.util.js';
import { OutboxPublisher, publishFailureText, publishInOrder } from './outbox.publisher.js';
import { claimPending, createRelayPool, type OutboxRow, type RoundResult } from './outbox.repository.js';
import { relayMetrics } from './outbox-relay.metrics.js';
import { type OutboxRelayOptions, type OutboxRelayStats, positive } from './outbox-relay.options.js';
import { backoffDelay } from './retry-policy.util.js';
import { RoundRecords } from './round-records.js';
import { Semaphore } from './semaphore.util.js';
import { Wakeup } from './wakeup.util.js';

export { RELAY_APPLICATION_NAME } from './outbox.repository.js';
export type { OutboxRelayOptions, OutboxRelayStats } from './outbox-relay.options.js';

const RETRY_BASE_MS = 200;
/** How long a round's record waits for the next claim to carry it before it is written by itself. */
const RECORD_DELAY_MS = 10;
/** Slack between the last publish a lease allows and the lease's end, for clock and scheduling jitter. */
const LEASE_MARGIN_MS = 1000;

/**
 * Publishes outbox rows to JetStream after their transaction committed, with any number of replicas.
 *
 * A round leases the oldest pending rows in one committed statement (cs_outbox_claim): only rows of
 * aggregates no relay holds a live lease on, so one aggregate's rows are published by one relay at a
 * time, in order, while aggregates spread over replicas. It then publishes (aggregates concurrently,
 * each aggregate's rows one after another, Nats-Msg-Id = row id) and records the outcome in one more
 * statement, sent with the next claim in one round trip (RoundRecords). No transaction or row lock
 * is held while publishing, so after a full batch (a backlog) the next claim runs while the round
 * publishes (up to roundsInFlight rounds overlap; a claim skips the aggregates a round holds, and a
 * round that ends after another claim wakes the relay to pick up what was skipped); after a partial
 * one the next claim waits for the rounds out, so a steady stream is claimed a round's worth at a
 * time rather than a claim per commit. A relay that dies mid-round leaves
 * its lease to expire; the next claim re-publishes from the oldest unmarked row, and JetStream's
 * duplicate window (2 min, far above the lease) drops what had already been stored, so nothing is
 * doubled or reordered. A relay stops publishing LEASE_MARGIN_MS + publishTimeoutMs before its lease
 * ends, so two relays never publish one aggregate at the same time.
 * A failed publish leaves the row pending (attempts + 1, last_error) with a backoff every replica
 * honours, holding back that aggregate's later rows; when nothing could be published the relay backs off.
 * A commit of outbox rows in this process wakes it (onOutboxCommit); it also polls every
 * pollIntervalMs, which is how it finds rows another process wrote.
 */
export class OutboxRelay {
  private readonly pool: pg.Pool;
  private readonly records: RoundRecords;
  /** Rounds published and waiting for their record (and the bookkeeping after it). */
  private readonly recording = new Set<Promise<void>>();
  private readonly publisher: OutboxPublisher;
  private stopListening?: () => void;
  private readonly wakeup = new Wakeup();
  private readonly logger: BusLogger;
  private readonly prefix: string;
  private readonly id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly publishTimeoutMs: number;
  private readonly leaseMs: number;
  private readonly maxBackoffMs: number;
  /** aggregate id → when its failed row may be retried (ms since epoch), to wake up in time. */
  private readonly backingOff = new Map<string, number>();
  private loop?: Promise<void>;
  private stopping = false;
  private failedRounds = 0;
  /** Date.now() before which no claim starts (after failed rounds). */
  private pausedUntil = 0;
  /** Rounds publishing now: the next claim runs while they publish (they hold different aggregates). */
  private readonly rounds = new Set<Promise<void>>();
  private readonly roundSlots: Semaphore;
  private claims = 0;
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
    this.roundSlots = new Semaphore(positive('roundsInFlight', options.roundsInFlight ?? 4));
    this.pollIntervalMs = positive('pollIntervalMs', options.pollIntervalMs ?? 1000);
    this.maxBackoffMs = positive('maxBackoffMs', options.maxBackoffMs ?? 30_000);
    this.publishTimeoutMs = positive('publishTimeoutMs', options.publishTimeoutMs ?? 5000);
    this.leaseMs = positive('leaseMs', options.leaseMs ?? 15_000);
    if (this.leaseMs <= this.publishTimeoutMs + LEASE_MARGIN_MS) {
      throw new Error(`OutboxRelay: leaseMs (${this.leaseMs}) must exceed publishTimeoutMs + ${LEASE_MARGIN_MS}`);
    }
    this.logger = options.logger ?? noopLogger;
    this.publisher = new OutboxPublisher(options.nc, {
      source: options.source,
      prefix: this.prefix,
      timeoutMs: this.publishTimeoutMs,
    });
    // Single statements through pool.query only: no client stays checked out (and unwatched) across a publish.
    this.pool = createRelayPool(options.databaseUrl, {
      ...options.database,
      onConnectionError: (error) =>
        this.logger.warn({ error: describeError(error) }, 'outbox relay: database connection failed'),
    });
    this.records = new RoundRecords(this.pool, this.id, RECORD_DELAY_MS);
  }

  /** Starts publishing; rejects when the database cannot be reached. */
  async start(): Promise<void> {
    if (this.loop) throw new Error('OutboxRelay already started');
    if (this.stopping) throw new Error('OutboxRelay cannot be restarted after stop(); create a new one');
    await this.pool.query('select 1');
    this.stopListening = onOutboxCommit(() => this.wakeup.wake());
    relayMetrics.observe(this.pool);
    this.loop = this.run();
    this.logger.info(
      { relay: this.id, batchSize: this.batchSize, pollIntervalMs: this.pollIntervalMs, leaseMs: this.leaseMs },
      'outbox relay started',
    );
  }

  /** Stops after the round in flight is published and recorded, then releases its connections. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeup.stop();
    await this.loop;
    this.loop = undefined;
    await this.records.flush().catch(() => {});
    await Promise.allSettled([...this.recording]);
    relayMetrics.forget(this.pool);
    this.stopListening?.();
    await this.pool.end().catch(() => {});
    this.logger.info(this.stats(), 'outbox relay stopped');
  }

  stats(): OutboxRelayStats {
    const now = Date.now();
    return {
      ...this.counters,
      running: this.loop !== undefined && !this.stopping,
      backingOff: [...this.backingOff.values()].filter((due) => due > now).length,
    };
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      const pause = this.pausedUntil - Date.now();
      if (pause > 0) {
        await this.wakeup.wait(pause, { wakeable: false });
        continue;
      }
      await this.roundSlots.acquire();
      if (this.stopping) {
        this.roundSlots.release();
        break;
      }
      let rows: OutboxRow[];
      // Measured from before the claim: the lease in the database cannot end earlier than this.
      const leaseEnds = performance.now() + this.leaseMs;
      const claim = ++this.claims;
      try {
        this.counters.rounds += 1;
        // After a record written by itself (the claim would wait behind it anyway), and covering every
        // commit that woke the relay so far: those wake-ups need no claim of their own.
        await this.records.settled();
        this.wakeup.clear();
        rows = await this.records.claimWith((db) => claimPending(db, this.id, this.batchSize, this.leaseMs));
      } catch (error) {
        this.roundSlots.release();
        this.roundFailed(error);
        continue;
      }
      if (rows.length === 0) {
        this.roundSlots.release();
        await this.wakeup.wait(this.nextPollDelay());
        continue;
      }
      const round = this.publishRound(rows, leaseEnds, claim)
        .catch((error) => this.roundFailed(error))
        .finally(() => {
          this.roundSlots.release();
          this.rounds.delete(round);
        });
      this.rounds.add(round);
      // A full batch: more is probably pending, claim again at once. A partial one: the next claim waits
      // for the rounds publishing now and then for a wake-up (or the poll). Under a steady stream that
      // makes one claim per round trip instead of one per commit: claims grow with the load, and each
      // costs the database the same whatever its size.
      if (rows.length < this.batchSize) {
        await Promise.allSettled([...this.rounds]);
        await this.wakeup.wait(this.nextPollDelay());
      }
    }
    await Promise.allSettled([...this.rounds]);
  }

  private roundFailed(error: unknown): void {
    this.counters.lastError = describeError(error);
    this.logger.error({ error: this.counters.lastError }, 'outbox relay round failed');
    this.failedRounds += 1;
    this.pausedUntil = Date.now() + backoffDelay(this.failedRounds, RETRY_BASE_MS, this.maxBackoffMs);
  }

  private nextPollDelay(): number {
    const now = Date.now();
    let delay = this.pollIntervalMs;
    for (const [aggregate, due] of this.backingOff) {
      if (due <= now) this.backingOff.delete(aggregate);
      else delay = Math.min(delay, due - now);
    }
    return delay;
  }

  /** Publishes a claimed batch; other rounds claim and publish meanwhile. Its record goes with the next claim. */
  private async publishRound(rows: OutboxRow[], leaseEnds: number, claim: number): Promise<void> {
    const result = await publishInOrder(this.publisher, rows, {
      lastStart: leaseEnds - this.publishTimeoutMs - LEASE_MARGIN_MS,
      backoffMs: (row) => backoffDelay(row.attempts + 1, RETRY_BASE_MS, this.maxBackoffMs),
      onDuplicate: () => {
        this.counters.duplicates += 1;
        relayMetrics.duplicates.inc();
      },
      onFailure: (row, error) => {
        const text = publishFailureText(error, eventNatsSubject(this.prefix, row.subject, row.aggregate_id));
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
        return text;
      },
    });
    // Published but unrecorded rows (the record failing, or a crash before it) are re-published
    // once the lease expires, and dropped by JetStream as duplicates.
    // Claims started before this record was queued skipped this round's aggregates; later ones carry
    // the record ahead of their claim, so they did not.
    const skippedBy = this.claims - claim;
    const recorded = this.records.add(result, [...new Set(rows.map((r) => r.aggregate_id))]).then(
      () => this.roundRecorded(result, skippedBy > 0),
      (error: unknown) => this.roundFailed(error),
    );
    this.recording.add(recorded);
    void recorded.finally(() => this.recording.delete(recorded));
  }

  private roundRecorded(result: RoundResult, claimedMeanwhile: boolean): void {
    for (const failure of result.failed) this.backingOff.set(failure.aggregateId, Date.now() + failure.backoffMs);
    this.counters.published += result.published.length;
    this.counters.failed += result.failed.length;
    relayMetrics.published.inc(result.published.length);
    relayMetrics.failed.inc(result.failed.length);
    if (result.published.length > 0) this.counters.lastPublishedAt = new Date();
    if (result.failed.length > 0 && result.published.length === 0) {
      this.roundFailed(new Error(result.failed[0]?.error ?? 'publish failed'));
      return;
    }
    this.failedRounds = 0;
    // A claim made while this round held its leases skipped those aggregates' newer rows: claim again.
    if (claimedMeanwhile || result.released.length > 0) this.wakeup.wake();
  }
}
