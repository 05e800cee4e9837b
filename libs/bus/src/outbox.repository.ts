import { COMMAND_SESSION_OPTIONS, createResilientPool, type ResilientPoolOptions } from '@cs/persistence';
import type pg from 'pg';

export const RELAY_APPLICATION_NAME = 'cs-outbox-relay';

/** A pool or one of its sessions. */
type Queryable = pg.Pool | pg.ClientBase;

/**
 * The relay's own small pool. Every client keeps an error listener while checked out, so a
 * terminated connection costs a round, not the process. Its claim and record are named and keyed,
 * like the commands' statements, so they run on the plans PostgreSQL caches with the same settings
 * (COMMAND_SESSION_OPTIONS): planned once per session, and an index look-up however the tables grow.
 */
export function createRelayPool(url: string, options: ResilientPoolOptions = {}): pg.Pool {
  return createResilientPool(url, {
    acquireTimeoutMs: 10_000,
    ...options,
    max: 2,
    applicationName: RELAY_APPLICATION_NAME,
    sessionOptions: COMMAND_SESSION_OPTIONS,
    // A round's record and the next claim leave together (RoundRecords).
    pipeline: true,
  });
}

/** A pending outbox row as the relay claims it. */
export interface OutboxRow {
  id: string;
  subject: string;
  aggregate_id: string;
  /** bigint arrives as a string. */
  aggregate_version: string;
  payload: unknown;
  headers: Record<string, unknown> | null;
  created_at: Date;
  attempts: number;
}

export interface PublishFailure {
  id: string;
  aggregateId: string;
  error: string;
  /** How long no relay may claim this row's aggregate again. */
  backoffMs: number;
}

/** What a round did with the rows it claimed; the three sets are disjoint. */
export interface RoundResult {
  published: string[];
  failed: PublishFailure[];
  /** Claimed but not attempted (behind a failure, or past the lease): left pending for the next claim. */
  released: string[];
}

/**
 * Claims the oldest pending rows (oldest first) of aggregates no relay holds a live lease on, and
 * leases those aggregates: one aggregate's rows go to one relay at a time, as a prefix of its
 * pending rows. One statement, committed at once: no transaction stays open while the relay
 * publishes (cs_outbox_claim, see messaging-leases.migration.ts).
 */
/**
 * Claims and marks commit without waiting for the WAL flush: one lost to a database crash only
 * means a re-publish, which JetStream drops as a duplicate, and every relay publishes an aggregate
 * in order from its oldest unmarked row, so the stream's order holds.
 */
const ASYNC_COMMIT = "select set_config('synchronous_commit', 'off', true)";

export async function claimPending(
  db: Queryable,
  relayId: string,
  limit: number,
  leaseMs: number,
): Promise<OutboxRow[]> {
  const { rows } = await db.query<OutboxRow>({
    name: 'cs_outbox_claim',
    text: `select id, subject, aggregate_id, aggregate_version, payload, headers, created_at, attempts
       from cs_outbox_claim($1, $2, $3), (${ASYNC_COMMIT}) as async_commit
      order by created_at`,
    values: [relayId, limit, Math.round(leaseMs)],
  });
  return rows;
}

/**
 * Records a round in one statement: published rows; failed rows (attempts + 1, last_error) whose
 * aggregate keeps a lease held by nobody until its backoff ends; the other leases of this round
 * given up (updated, not deleted: an update of the unindexed columns stays in its page, where
 * delete-and-insert churn would bloat the key index every claim looks up; retention deletes them
 * later). Leases another relay took over since (after ours expired) are left to it.
 */
export async function finishRound(
  db: Queryable,
  relayId: string,
  result: RoundResult,
  claimedAggregates: readonly string[],
): Promise<void> {
  const failedAggregates = new Set(result.failed.map((f) => f.aggregateId));
  await db.query({
    name: 'cs_outbox_finish_round',
    text: `with async_commit as (${ASYNC_COMMIT}), published as (
       update cs_outbox set published_at = clock_timestamp(), last_error = null where id = any($2::uuid[])
     ), failed as (
       update cs_outbox o set attempts = o.attempts + 1, last_error = f.error
         from unnest($3::uuid[], $4::text[]) as f(id, error)
        where o.id = f.id
     ), backoff as (
       update cs_outbox_lease l set relay = null, until = clock_timestamp() + f.backoff_ms * interval '1 millisecond'
         from unnest($5::text[], $6::int[]) as f(aggregate_id, backoff_ms)
        where l.aggregate_id = f.aggregate_id and l.relay = $1
     )
     update cs_outbox_lease set relay = null, until = '-infinity'
      where relay = $1 and aggregate_id = any($7::text[]) and exists (select from async_commit)`,
    values: [
      relayId,
      result.published,
      result.failed.map((f) => f.id),
      result.failed.map((f) => f.error),
      result.failed.map((f) => f.aggregateId),
      result.failed.map((f) => Math.round(f.backoffMs)),
      claimedAggregates.filter((aggregate) => !failedAggregates.has(aggregate)),
    ],
  });
}

/** The backlog an operator alerts on: pending rows and the age of the oldest, by the database clock. */
export async function backlog(db: pg.Pool): Promise<{ pending: number; oldestAgeSeconds: number }> {
  const { rows } = await db.query<{ pending: string; age: number | null }>(
    `select count(*) as pending, extract(epoch from clock_timestamp() - min(created_at))::float8 as age
       from cs_outbox where published_at is null`,
  );
  return { pending: Number(rows[0]?.pending ?? 0), oldestAgeSeconds: rows[0]?.age ?? 0 };
}

/**
 * Splits a batch (oldest first) into per-aggregate sequences, each in its original order:
 * sequences publish concurrently, the rows of one aggregate one after another.
 */
export function groupByAggregate<R extends { aggregate_id: string }>(rows: readonly R[]): R[][] {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const group = groups.get(row.aggregate_id);
    if (group) group.push(row);
    else groups.set(row.aggregate_id, [row]);
  }
  return [...groups.values()];
}
