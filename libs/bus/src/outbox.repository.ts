import type pg from 'pg';

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
  error: string;
}

/**
 * Claims the oldest pending rows, skipping rows another relay holds and aggregates that are backing off.
 * Must run inside a transaction: the row locks last until it commits.
 */
export async function claimPending(
  client: pg.ClientBase,
  limit: number,
  skipAggregates: string[],
): Promise<OutboxRow[]> {
  const { rows } = await client.query<OutboxRow>(
    `select id, subject, aggregate_id, aggregate_version, payload, headers, created_at, attempts
       from cs_outbox
      where published_at is null and not (aggregate_id = any($2::text[]))
      order by created_at
      limit $1
        for update skip locked`,
    [limit, skipAggregates],
  );
  return rows;
}

export async function markPublished(client: pg.ClientBase, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await client.query(
    'update cs_outbox set published_at = clock_timestamp(), last_error = null where id = any($1::uuid[])',
    [ids],
  );
}

export async function markFailed(client: pg.ClientBase, failures: PublishFailure[]): Promise<void> {
  if (failures.length === 0) return;
  await client.query(
    `update cs_outbox o set attempts = o.attempts + 1, last_error = f.error
       from unnest($1::uuid[], $2::text[]) as f(id, error)
      where o.id = f.id`,
    [failures.map((f) => f.id), failures.map((f) => f.error)],
  );
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
