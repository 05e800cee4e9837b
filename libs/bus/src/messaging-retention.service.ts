import { counter } from '@cs/telemetry';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { type BusLogger, describeError, noopLogger } from './bus-logger.util.js';

export interface RetentionSettings {
  /** Published outbox rows are kept this long after they were written. */
  outboxMs: number;
  /**
   * Inbox rows (the consumer's record of handled event ids) are kept this long. It must exceed the
   * redelivery horizon (ack wait × max deliveries, minutes); an event replayed from a stream position
   * older than this is handled again.
   */
  inboxMs: number;
  /** Idempotency keys are kept this long; a retry arriving later runs the command again. */
  idempotencyMs: number;
  /** Rows deleted per statement (and per short transaction). Default 1000. */
  batchSize?: number;
  /** Pause between purges. Default 5 minutes. */
  intervalMs?: number;
}

export type PurgeCounts = Record<'outbox' | 'inbox' | 'idempotency' | 'leases', number>;

const purged = counter('cs_messaging_retention_purged_total', 'Rows deleted by messaging retention', ['table']);

/** Replicas purge one at a time: each batch runs under this transaction advisory lock, or not at all. */
const LOCK = "select pg_try_advisory_xact_lock(hashtextextended('cs_messaging_retention', 0)) as locked";

/**
 * The first UUIDv7 of a millisecond: outbox ids are UUIDv7 (time-ordered), so "written before t" is
 * a primary-key range and the purge needs no index of its own.
 */
export function uuidv7Floor(ms: number): string {
  const hex = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8)}-0000-0000-000000000000`;
}

const PURGES: Record<keyof PurgeCounts, (cutoffMs: number, batch: number) => [string, unknown[]]> = {
  outbox: (cutoffMs, batch) => [
    `delete from cs_outbox where id in (
       select id from cs_outbox where id < ?::uuid and published_at is not null order by id limit ?)`,
    [uuidv7Floor(cutoffMs), batch],
  ],
  // ctid batches: the inbox's BRIN index on received_at finds the old rows; idempotency_keys is
  // append-only, so a limited scan meets its old rows first.
  inbox: (cutoffMs, batch) => [
    `delete from cs_inbox where ctid = any(array(
       select ctid from cs_inbox where received_at < to_timestamp(? / 1000.0) limit ?))`,
    [cutoffMs, batch],
  ],
  // Outbox leases an hour after they ended (given up, or left by a relay that died).
  leases: (cutoffMs, batch) => [
    `delete from cs_outbox_lease where aggregate_id in (
       select aggregate_id from cs_outbox_lease where until < to_timestamp(? / 1000.0) limit ?)`,
    [cutoffMs, batch],
  ],
  idempotency: (cutoffMs, batch) => [
    `delete from idempotency_keys where ctid = any(array(
       select ctid from idempotency_keys where created_at < to_timestamp(? / 1000.0) limit ?))`,
    [cutoffMs, batch],
  ],
};

/**
 * Deletes what the messaging tables no longer need, in batches of short transactions, every
 * intervalMs, on one replica at a time. Rows still pending in the outbox are never deleted.
 */
export class MessagingRetention {
  private readonly batchSize: number;
  private readonly intervalMs: number;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly settings: RetentionSettings,
    private readonly logger: BusLogger = noopLogger,
  ) {
    this.batchSize = settings.batchSize ?? 1000;
    this.intervalMs = settings.intervalMs ?? 5 * 60_000;
  }

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One purge of every table; undefined when another replica holds the purge lock. */
  async purgeOnce(now = Date.now()): Promise<PurgeCounts | undefined> {
    const counts: PurgeCounts = { outbox: 0, inbox: 0, idempotency: 0, leases: 0 };
    const retention: PurgeCounts = {
      outbox: this.settings.outboxMs,
      inbox: this.settings.inboxMs,
      idempotency: this.settings.idempotencyMs,
      leases: 3_600_000,
    };
    const hasKeys = await this.hasIdempotencyKeys();
    for (const table of ['outbox', 'inbox', 'idempotency', 'leases'] as const) {
      if (table === 'idempotency' && !hasKeys) continue;
      for (;;) {
        if (this.stopped) return counts;
        const deleted = await this.purgeBatch(...PURGES[table](now - retention[table], this.batchSize));
        if (deleted === undefined) return Object.values(counts).some((n) => n > 0) ? counts : undefined;
        counts[table] += deleted;
        purged.inc({ table }, deleted);
        if (deleted < this.batchSize) break;
      }
    }
    return counts;
  }

  private async purgeBatch(sql: string, params: unknown[]): Promise<number | undefined> {
    return this.orm.em.fork().transactional(async (em: EntityManager) => {
      const [lock] = await em.execute<{ locked: boolean }[]>(LOCK);
      if (!lock?.locked) return undefined;
      const result = await em.execute(sql, params, 'run');
      return (result as { affectedRows?: number }).affectedRows ?? 0;
    });
  }

  private async hasIdempotencyKeys(): Promise<boolean> {
    const [row] = await this.orm.em
      .fork()
      .execute<{ found: boolean }[]>("select to_regclass('idempotency_keys') is not null as found");
    return row?.found === true;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.purgeOnce()
        .then((counts) => {
          if (counts && Object.values(counts).some((n) => n > 0)) {
            this.logger.info({ purged: counts }, 'messaging retention purged rows');
          }
        })
        .catch((error) =>
          this.logger.warn({ error: describeError(error) }, 'messaging retention failed; retrying next interval'),
        )
        .finally(() => this.schedule());
    }, this.intervalMs);
    this.timer.unref();
  }
}
