// The relay's claim and record are prepared on its sessions and run on cached plans, and the record's
// plan stays the keys' index look-ups when cs_outbox and cs_outbox_lease grow with no analyze: a plan
// cached while the outbox was small would otherwise scan it whole for every round.
import { migrate, openDatabase } from '@cs/persistence';
import { createTestDatabase, type TestDatabase } from '@cs/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { claimPending, createRelayPool, finishRound } from '../../src/outbox.repository.js';

let db: TestDatabase;
let orm: MikroORM;
let pool: pg.Pool;
let session: pg.PoolClient;

beforeAll(async () => {
  db = await createTestDatabase(inject('postgresUrl'), 'relay_plans');
  orm = await openDatabase({ url: db.url, entities: [], migrations: [] });
  await migrate(orm);
  await orm.em.fork().execute('vacuum analyze cs_outbox, cs_outbox_lease');
  pool = createRelayPool(db.url);
  // One session, so the statements it prepared can be looked at (pg_prepared_statements is per session).
  session = await pool.connect();
});

afterAll(async () => {
  session?.release();
  await pool?.end();
  await orm?.close();
  await db?.drop();
});

const sql = (text: string) => orm.em.fork().execute(text);

/** A claim of what one aggregate committed, and its record: one relay round, on the session. */
async function round(aggregate: string): Promise<number> {
  await sql(`insert into cs_outbox (id, subject, aggregate_id, aggregate_version, payload)
    values (gen_random_uuid(), 'cs.test.thing.happened', '${aggregate}', 1, '{}')`);
  const rows = await claimPending(session, 'relay-a', 100, 15_000);
  await finishRound(session, 'relay-a', { published: rows.map((r) => r.id), failed: [], released: [] }, [aggregate]);
  return rows.length;
}

async function preparedStatement(name: string): Promise<{ parameters: number; generic: number }> {
  const { rows } = await session.query(
    `select cardinality(parameter_types) as parameters, generic_plans::int as generic
       from pg_prepared_statements where name = $1`,
    [name],
  );
  expect(rows, name).toHaveLength(1);
  return rows[0];
}

describe('the outbox relay: its statements', () => {
  it('run on cached plans, and the round record stays index look-ups when the tables grow', async () => {
    for (let i = 1; i <= 8; i++) expect(await round(`thing-${i}`)).toBe(1);
    const claim = await preparedStatement('cs_outbox_claim');
    const record = await preparedStatement('cs_outbox_finish_round');
    // PostgreSQL caches a plan after five runs planned for their values; eight runs, three on it.
    expect(claim.generic).toBeGreaterThanOrEqual(3);
    expect(record.generic).toBeGreaterThanOrEqual(3);

    await sql(`insert into cs_outbox (id, subject, aggregate_id, aggregate_version, payload, published_at)
      select gen_random_uuid(), 'cs.test.thing.happened', 'bulk-' || i, 1, '{}', now() from generate_series(1, 50000) i`);
    await sql(`insert into cs_outbox_lease (aggregate_id, relay, until)
      select 'bulk-' || i, null, '-infinity' from generate_series(1, 50000) i`);

    const nulls = Array.from({ length: record.parameters }, () => 'null').join(', ');
    const { rows } = await session.query(`explain execute cs_outbox_finish_round(${nulls})`);
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).toContain('Index Scan using cs_outbox_pkey');
    expect(plan).toContain('Index Scan using cs_outbox_lease_pkey');
    expect(plan).not.toContain('Seq Scan');
    // Still the cached plan, and a round still claims and records.
    expect(await round('thing-after')).toBe(1);
    expect((await preparedStatement('cs_outbox_finish_round')).generic).toBeGreaterThan(record.generic);
  });
});
