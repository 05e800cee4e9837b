// The relay is woken in-process once outbox rows have committed (no NOTIFY, whose global lock
// serialised every committing writer): on the ORM's pool and on the lean command pool, after the
// COMMIT and not before; not for a rollback, nor for a transaction that wrote no event.
import { createTestDatabase, type TestDatabase } from '@cs/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { outboxRows } from '../../src/command-statements.js';
import { CommandTransactions } from '../../src/command-transaction.js';
import { migrate, openDatabase } from '../../src/orm.js';
import { onOutboxCommit } from '../../src/outbox-commits.js';

let db: TestDatabase;
let orm: MikroORM;
let commands: CommandTransactions;
let admin: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase(inject('postgresUrl'), 'outbox_commits');
  orm = await openDatabase({ url: db.url, entities: [], migrations: [] });
  await migrate(orm);
  commands = CommandTransactions.forOrm(orm);
  admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
});

afterAll(async () => {
  await commands?.close();
  await admin?.end();
  await orm?.close();
  await db?.drop();
});

const INSERT = `insert into cs_outbox (id, subject, aggregate_id, aggregate_version, payload)
  values (gen_random_uuid(), 'cs.test.thing.happened', 'thing-1', 1, '{}')`;

/** Counts wake-ups; with `readAtWake`, also what another session finds committed at each (what a relay claiming then would). */
function wakeups(readAtWake = false): { count: number; committedAtWake: Promise<number>[]; stop: () => void } {
  const seen = { count: 0, committedAtWake: [] as Promise<number>[], stop: () => {} };
  seen.stop = onOutboxCommit(() => {
    seen.count += 1;
    if (readAtWake) seen.committedAtWake.push(outboxCount());
  });
  return seen;
}

async function outboxCount(): Promise<number> {
  return (await admin.query<{ n: number }>('select count(*)::int as n from cs_outbox')).rows[0]!.n;
}

describe('onOutboxCommit', () => {
  it('wakes after an ORM transaction that wrote an event commits, with the row already visible', async () => {
    const seen = wakeups(true);
    try {
      const before = await outboxCount();
      await orm.em.fork().transactional(async (em) => {
        await em.execute(INSERT);
        await em.execute('select 1');
        expect(seen.count, 'not before COMMIT').toBe(0);
      });
      expect(seen.count).toBe(1);
      expect(await Promise.all(seen.committedAtWake)).toEqual([before + 1]);
    } finally {
      seen.stop();
    }
  });

  it('does not wake for a rollback, a transaction without events, or a COMMIT that became a ROLLBACK', async () => {
    const seen = wakeups();
    try {
      await expect(
        orm.em.fork().transactional(async (em) => {
          await em.execute(INSERT);
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      await orm.em.fork().transactional((em) => em.execute('select 1'));
      const client = await commands.pool.connect();
      try {
        await client.query('begin');
        await client.query(INSERT);
        await client.query('select 1/0').catch(() => {});
        expect((await client.query('commit')).command).toBe('ROLLBACK');
      } finally {
        client.release();
      }
      expect(seen.count).toBe(0);
    } finally {
      seen.stop();
    }
  });

  it('wakes after an event inserted outside a transaction', async () => {
    const seen = wakeups();
    try {
      await orm.em.fork().execute(INSERT);
      await expect.poll(() => seen.count).toBe(1);
    } finally {
      seen.stop();
    }
  });

  it('wakes after a lean command commits its events, and every subscriber hears it until it unsubscribes', async () => {
    const [first, second] = [wakeups(), wakeups()];
    try {
      const command = () => ({
        reads: [],
        decide: () => ({
          inserts: [
            outboxRows([
              {
                id: crypto.randomUUID(),
                subject: 'cs.test.thing.happened',
                aggregateId: 'thing-2',
                aggregateVersion: 1,
                body: {},
              },
            ]),
          ],
          outcome: { response: 'done' },
        }),
      });
      await commands.run(command);
      expect([first.count, second.count]).toEqual([1, 1]);
      second.stop();
      await commands.run(command);
      expect([first.count, second.count]).toEqual([2, 1]);
    } finally {
      first.stop();
    }
  });
});
