// The ORM's transactions send BEGIN with their first statement (deferBegins on a pipelining pool):
// one socket write and one round trip fewer per transaction, the same transaction semantics.
import { createTestDatabase, type TestDatabase } from '@cs/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { deferBegins } from '../../src/deferred-begin.js';
import { migrate, openDatabase } from '../../src/orm.js';

let db: TestDatabase;
let orm: MikroORM;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase(inject('postgresUrl'), 'deferred_begin');
  orm = await openDatabase({ url: db.url, entities: [], migrations: [] });
  await migrate(orm);
  await orm.em.fork().execute('create table notes (id int primary key, text text not null)');
  pool = new pg.Pool({ connectionString: db.url, max: 1, pipeline: true } as pg.PoolConfig);
  // As the services' pools do: the forced drop at the end may end a session pg-pool is still closing.
  pool.on('connect', (client) => client.on('error', () => {}));
  deferBegins(pool);
});

afterAll(async () => {
  await pool?.end();
  await orm?.close();
  // pg-pool's end() does not wait for a pipelining session to finish closing; a forced drop under
  // it would end that session with an error nobody is left to hear.
  const admin = new pg.Client({ connectionString: inject('postgresUrl') });
  await admin.connect();
  try {
    for (let waited = 0; waited < 5_000; waited += 50) {
      const { rows } = await admin.query('select count(*)::int as n from pg_stat_activity where datname = $1', [
        new URL(db.url).pathname.slice(1),
      ]);
      if (rows[0].n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await admin.end();
  }
  await db?.drop();
});

afterEach(async () => {
  await orm.em.fork().execute('delete from notes');
});

/** Counts the socket writes of every client the pool hands out from now on (a corked batch is one). */
function countWrites(target: pg.Pool): { readonly writes: number } {
  const counter = { writes: 0 };
  target.on('acquire', (client) => {
    const stream = (client as unknown as { connection: { stream: Record<string, unknown> } }).connection.stream;
    for (const method of ['_write', '_writev'] as const) {
      const original = stream[method] as (...args: unknown[]) => unknown;
      if ((original as { counted?: boolean }).counted) continue;
      const counted = (...args: unknown[]) => {
        counter.writes += 1;
        return original.apply(stream, args);
      };
      stream[method] = Object.assign(counted, { counted: true });
    }
  });
  return counter;
}

describe('the ORM pool', () => {
  it("sends a transaction's BEGIN in the same write as its first statement", async () => {
    const ormPool = (await orm.em.getConnection().getNativeClient()) as unknown as pg.Pool;
    const counter = countWrites(ormPool);
    await orm.em.fork().transactional(async (em) => {
      const before = counter.writes;
      await em.execute('insert into notes (id, text) values (?, ?)', [1, 'first']);
      // Without deferral BEGIN was written (and answered) before the transaction's callback ran.
      expect(counter.writes - before).toBe(1);
      expect(before).toBe(0);
    });
    const [row] = await orm.em.fork().execute('select text from notes where id = 1');
    expect(row).toEqual({ text: 'first' });
  });

  it('rolls back what the first statement wrote: it ran inside the transaction', async () => {
    await expect(
      orm.em.fork().transactional(async (em) => {
        await em.execute('insert into notes (id, text) values (?, ?)', [2, 'undone']);
        throw new Error('the command is refused');
      }),
    ).rejects.toThrow('the command is refused');
    expect(await orm.em.fork().execute('select * from notes where id = 2')).toEqual([]);
  });

  it('keeps concurrent transactions apart on a pipelining pool', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        orm.em
          .fork()
          .transactional(async (em) => {
            await em.execute('insert into notes (id, text) values (?, ?)', [100 + i, `n${i}`]);
            if (i % 2) throw new Error('odd ones roll back');
          })
          .catch(() => {}),
      ),
    );
    const rows = await orm.em.fork().execute<{ id: number }[]>('select id from notes order by id');
    expect(rows.map((r) => r.id)).toEqual(Array.from({ length: 20 }, (_, i) => 100 + 2 * i));
  });
});

describe('deferBegins', () => {
  it('sends nothing for a BEGIN followed straight by COMMIT or ROLLBACK', async () => {
    const counter = countWrites(pool);
    const client = await pool.connect();
    try {
      const before = counter.writes;
      await client.query('begin');
      await client.query('commit');
      await client.query('begin');
      await client.query('rollback');
      expect(counter.writes - before).toBe(0);
    } finally {
      client.release();
    }
  });

  it('fails the statement sent with a BEGIN that PostgreSQL refused, with the refusal, and gives up the session', async () => {
    const client = await pool.connect();
    const pid = (client as unknown as { processID: number }).processID;
    try {
      await client.query('begin isolation level nonsense');
      await expect(client.query('select 1')).rejects.toThrow(/syntax error/);
      // Nothing more runs on it outside the transaction its holder believes it is in.
      await expect(client.query('commit')).rejects.toThrow(/not queryable/);
    } finally {
      client.release();
    }
    const next = await pool.connect();
    try {
      expect((next as unknown as { processID: number }).processID).not.toBe(pid);
    } finally {
      next.release();
    }
  });

  it('drops a BEGIN that no statement followed when the client goes back to the pool', async () => {
    const first = await pool.connect();
    await first.query('begin');
    first.release();
    const second = await pool.connect(); // the same connection: the pool holds one
    try {
      // Outside a transaction block SAVEPOINT is refused; an inherited BEGIN would have opened one.
      await expect(second.query('savepoint s')).rejects.toThrow(/transaction blocks/);
    } finally {
      second.release();
    }
  });

  it('passes statements outside a transaction through untouched', async () => {
    const client = await pool.connect();
    try {
      const { rows } = await client.query('select $1::int + 1 as n', [41]);
      expect(rows).toEqual([{ n: 42 }]);
      await client.query({ text: 'insert into notes (id, text) values ($1, $2)', values: [7, 'config object'] });
      const stored = await client.query('select text from notes where id = 7');
      expect(stored.rows).toEqual([{ text: 'config object' }]);
    } finally {
      client.release();
    }
  });
});
