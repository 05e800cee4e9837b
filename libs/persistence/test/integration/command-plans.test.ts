// The command pool's prepared statements run on cached plans, and a plan cached while a table was
// small stays the index's when the table grows (COMMAND_SESSION_OPTIONS): without that, the key
// look-up and the guarded update kept scanning the whole table until autovacuum re-analyzed it.
import { createTestDatabase, type TestDatabase } from '@cs/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CommandTransactions, type LeanCommand } from '../../src/command-transaction.js';
import { EntityRows } from '../../src/entity-rows.js';
import { idempotencyKeysTableSql } from '../../src/idempotency.js';
import { migrate, openDatabase } from '../../src/orm.js';
import { COUNTERS_TABLE_SQL, Counter, CounterSchema } from '../support/counter.fixture.js';

let db: TestDatabase;
let orm: MikroORM;
let commands: CommandTransactions;
let counters: EntityRows<Counter>;
let admin: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase(inject('postgresUrl'), 'command_plans');
  // One session, so the statements it prepared can be looked at (pg_prepared_statements is per session).
  orm = await openDatabase({ url: db.url, entities: [CounterSchema], migrations: [], pool: { max: 1 } });
  await migrate(orm);
  admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  await admin.query(idempotencyKeysTableSql);
  await admin.query(COUNTERS_TABLE_SQL);
  await admin.query("insert into counters (id, value) values ('c1', 0)");
  await admin.query('vacuum analyze counters, idempotency_keys');
  commands = CommandTransactions.forOrm(orm);
  counters = EntityRows.of(orm, Counter);
});

afterAll(async () => {
  await commands?.close();
  await admin?.end();
  await orm?.close();
  await db?.drop();
});

function increment(id: string): LeanCommand<{ value: number }> {
  return {
    reads: [counters.selectById(id)],
    decide: ([rows]) => {
      const counter = counters.hydrate(rows![0]!);
      const before = counters.snapshot(counter);
      const read = counter.version;
      counter.value += 1;
      counter.version = read + 1;
      return {
        guard: counters.versionedUpdate(counter, before, read),
        inserts: [],
        outcome: { response: { value: counter.value } },
      };
    },
  };
}

/** The command pool's prepared statement whose text contains `fragment`, with how often it ran on a cached plan. */
async function preparedStatement(fragment: string): Promise<{ name: string; parameters: number; generic: number }> {
  const { rows } = await commands.pool.query(
    `select name, cardinality(parameter_types) as parameters, generic_plans::int as generic
       from pg_prepared_statements where name like 'cs_command_%' and statement like $1`,
    [`%${fragment}%`],
  );
  expect(rows).toHaveLength(1);
  return rows[0];
}

/** The plan the session would run the prepared statement on now (EXPLAIN does not run it). */
async function planOf({ name, parameters }: { name: string; parameters: number }): Promise<string> {
  const nulls = Array.from({ length: parameters }, () => 'null').join(', ');
  const { rows } = await commands.pool.query(`explain execute ${name}(${nulls})`);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

describe('CommandTransactions: the command pool plans', () => {
  it('runs its prepared statements on a cached plan, which stays an index look-up when the table grows', async () => {
    for (let i = 1; i <= 8; i++)
      await commands.runIdempotent('Increment', { id: 'c1', idempotencyKey: `k${i}` }, () => increment('c1'));

    const lookUp = await preparedStatement('from idempotency_keys');
    const write = await preparedStatement('update "counters"');
    // PostgreSQL caches the plan after five runs planned for their values; eight runs, three on it.
    expect(lookUp.generic).toBeGreaterThanOrEqual(3);
    expect(write.generic).toBeGreaterThanOrEqual(3);

    // Both tables grow far past what the cached plans were made for, with no analyze in between.
    await admin.query(`insert into idempotency_keys (operation, key, fingerprint, outcome)
      select 'Bulk', 'b' || i, 'f', '{}' from generate_series(1, 50000) i`);
    await admin.query("insert into counters (id, value) select 'b' || i, 0 from generate_series(1, 50000) i");

    const lookUpPlan = await planOf(lookUp);
    const writePlan = await planOf(write);
    expect(lookUpPlan).toContain('Index Scan using idempotency_keys_pkey');
    expect(writePlan).toContain('Index Scan using counters_pkey');
    expect(`${lookUpPlan}\n${writePlan}`).not.toContain('Seq Scan');
    // Still the cached plans: no new plan was made for the grown tables.
    expect((await preparedStatement('from idempotency_keys')).generic).toBeGreaterThan(lookUp.generic);

    expect(
      await commands.runIdempotent('Increment', { id: 'c1', idempotencyKey: 'k-after' }, () => increment('c1')),
    ).toEqual({ value: 9 });
  });

  it('still scans a table no index fits, without compiling the plan for what the priced-out scan costs', async () => {
    const { rows } = await commands.pool.query('explain select * from counters where value = 1');
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).toContain('Seq Scan on counters');
    expect(plan).not.toContain('JIT');
  });
});
