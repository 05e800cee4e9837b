import { AlreadyExists, ConcurrentEdit } from '@cs/errors';
import { createTestDatabase, type TestDatabase } from '@cs/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrate, openDatabase } from '../../src/orm.js';
import { transactionWithRetry } from '../../src/transaction.js';

let db: TestDatabase;
let orm: MikroORM;

beforeAll(async () => {
  db = await createTestDatabase(inject('postgresUrl'), 'unique_violation');
  orm = await openDatabase({ url: db.url, entities: [], migrations: [] });
  await migrate(orm);
  await orm.em
    .fork()
    .execute('create table shop_coupon (code text constraint shop_coupon_code_key unique, owner text)');
});

afterAll(async () => {
  await orm?.close();
  await db?.drop();
});

describe('transactionWithRetry and unique violations', () => {
  it('reports a genuine duplicate on a business unique constraint as AlreadyExists naming the constraint, not ConcurrentEdit', async () => {
    await orm.em.fork().execute("insert into shop_coupon values ('SPRING', 'a')");
    let runs = 0;
    const attempt = transactionWithRetry(orm, async (em) => {
      runs += 1;
      await em.execute("insert into shop_coupon values ('SPRING', 'b')");
    });
    await expect(attempt).rejects.toBeInstanceOf(AlreadyExists);
    await expect(attempt).rejects.toThrow(/shop_coupon_code_key/);
    expect(runs).toBe(2); // once more on fresh state, in case it was a race
  });

  it('resolves a race on a business unique constraint by retrying on fresh state (find-or-create finds the winner)', async () => {
    let runs = 0;
    const owner = await transactionWithRetry(orm, async (em) => {
      runs += 1;
      const [found] = await em.execute<{ owner: string }[]>("select owner from shop_coupon where code = 'RACE'");
      if (found) return found.owner;
      // The concurrent winner commits between our read and our insert.
      if (runs === 1) await orm.em.fork().execute("insert into shop_coupon values ('RACE', 'winner')");
      await em.execute("insert into shop_coupon values ('RACE', 'loser')");
      return 'loser';
    });
    expect({ owner, runs }).toEqual({ owner: 'winner', runs: 2 });
  });

  it('keeps retrying a violated idempotency key as a race, and reports ConcurrentEdit when it never resolves', async () => {
    await orm.em
      .fork()
      .execute(
        'create table idempotency_keys (operation text, key text, constraint idempotency_keys_pkey primary key (operation, key))',
      );
    await orm.em.fork().execute("insert into idempotency_keys values ('op', 'k')");
    let runs = 0;
    const attempt = transactionWithRetry(orm, async (em) => {
      runs += 1;
      await em.execute("insert into idempotency_keys values ('op', 'k')");
    });
    await expect(attempt).rejects.toBeInstanceOf(ConcurrentEdit);
    expect(runs).toBe(4);
  });
});
