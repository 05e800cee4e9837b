import type { EntityManager } from '@mikro-orm/postgresql';
import type { DueWork } from './due-work.js';

const identifier = /^[a-z_][a-z0-9_]*$/;

/** Refuses table and column names that are not plain identifiers: they are spliced into SQL. */
export function assertIdentifiers(work: DueWork): void {
  for (const name of [work.table, work.idColumn, work.dueColumn]) {
    if (!identifier.test(name)) throw new Error(`due work ${work.name}: "${name}" is not a plain SQL identifier`);
  }
}

/**
 * Claims up to `limit` due items, earliest first, locking their rows for this transaction and
 * skipping rows another replica holds (FOR UPDATE SKIP LOCKED): N replicas share the work and none
 * waits for another. `skip` holds the ids that failed earlier in this tick, so one broken item does
 * not hold up the rest. Reads only due rows through the index on the due column.
 */
export async function claimDue(
  em: EntityManager,
  work: DueWork,
  dueBy: Date,
  limit: number,
  skip: readonly string[],
): Promise<string[]> {
  const conditions = [`${work.dueColumn} <= ?`];
  const params: unknown[] = [dueBy];
  if (work.where) conditions.push(`(${work.where})`);
  if (skip.length > 0) {
    conditions.push(`${work.idColumn}::text not in (?)`);
    params.push(skip);
  }
  params.push(limit);
  const rows = await em.execute<{ id: string }[]>(
    `select ${work.idColumn}::text as id from ${work.table}
     where ${conditions.join(' and ')}
     order by ${work.dueColumn}
     limit ?
     for update skip locked`,
    params,
  );
  return rows.map((row) => row.id);
}
