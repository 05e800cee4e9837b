// A connection terminated under a transaction costs that transaction only: the pool slot comes
// back (MikroORM 7's Kysely layer kept it when COMMIT/ROLLBACK failed), the failure is one the API
// maps to UNAVAILABLE, and the pool keeps answering. Also: the resilient pg.Pool's checked-out
// clients survive a termination between queries without an unhandled 'error'.
import { isDatabaseUnavailable } from '@cs/grpc';
import { createTestDatabase, type TestDatabase, waitFor } from '@cs/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrate, openDatabase } from '../../src/orm.js';
import { createResilientPool } from '../../src/pool-settings.js';

const POOL_MAX = 2;
let db: TestDatabase;
let orm: MikroORM;
let admin: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase(inject('postgresUrl'), 'connection_loss');
  orm = await openDatabase({
    url: db.url,
    entities: [],
    migrations: [],
    pool: { max: POOL_MAX, acquireTimeoutMs: 3_000, applicationName: 'cs-orm-loss-test' },
  });
  await migrate(orm);
  admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
});

afterAll(async () => {
  await admin?.end();
  await orm?.close();
  await db?.drop();
});

const terminate = async (pid: number) => {
  await admin.query('select pg_terminate_backend($1)', [pid]);
  // Until the backend is gone, the next statement on it might still get through.
  for (let i = 0; i < 100; i++) {
    const { rowCount } = await admin.query('select 1 from pg_stat_activity where pid = $1', [pid]);
    if (!rowCount) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`backend ${pid} still there`);
};

const backendPid = async (em: { execute: MikroORM['em']['execute'] }) =>
  Number((await em.execute<{ pid: number }[]>('select pg_backend_pid() as pid'))[0]!.pid);

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('the ORM pool when its connections are terminated', () => {
  it(`loses no slot when a statement inside the transaction fails (${POOL_MAX * 3} cuts, pool of ${POOL_MAX})`, async () => {
    for (let cut = 0; cut < POOL_MAX * 3; cut++) {
      const error = await failureOf(
        orm.em.fork().transactional(async (em) => {
          await terminate(await backendPid(em));
          await em.execute('select 1');
        }),
      );
      expect(error, `cut ${cut}`).toBeDefined();
      expect(isDatabaseUnavailable(error), `cut ${cut}: ${String(error)}`).toBe(true);
    }
    expect(await orm.em.fork().execute('select 42 as n')).toEqual([{ n: 42 }]);
  });

  it('loses no slot when the COMMIT itself fails', async () => {
    for (let cut = 0; cut < POOL_MAX * 3; cut++) {
      const error = await failureOf(
        orm.em.fork().transactional(async (em) => {
          await em.execute('select 1');
          await terminate(await backendPid(em));
        }),
      );
      expect(isDatabaseUnavailable(error), `cut ${cut}: ${String(error)}`).toBe(true);
    }
    // Every slot free: POOL_MAX transactions can be open at once.
    await Promise.all(
      Array.from({ length: POOL_MAX }, () =>
        orm.em.fork().transactional(async (em) => {
          await em.execute('select pg_sleep(0.05)');
        }),
      ),
    );
  });

  it('fails a request fast (acquire timeout) instead of queueing it forever when every slot is busy', async () => {
    const holders: Promise<unknown>[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let holding = 0;
    for (let i = 0; i < POOL_MAX; i++) {
      holders.push(
        orm.em.fork().transactional(async (em) => {
          await em.execute('select 1');
          holding++;
          await held;
        }),
      );
    }
    await waitFor('every slot held', () => holding === POOL_MAX, { timeoutMs: 10_000, intervalMs: 10 });
    const started = Date.now();
    const error = await failureOf(orm.em.fork().execute('select 1'));
    release();
    await Promise.all(holders);
    expect(isDatabaseUnavailable(error), String(error)).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('sets application_name, statement_timeout and idle_in_transaction_session_timeout on its sessions', async () => {
    const [row] = await orm.em
      .fork()
      .execute<{ app: string; statement: string; idle: string }[]>(
        "select current_setting('application_name') as app, current_setting('statement_timeout') as statement, current_setting('idle_in_transaction_session_timeout') as idle",
      );
    expect(row).toEqual({ app: 'cs-orm-loss-test', statement: '30s', idle: '1min' });
  });
});

describe('createResilientPool', () => {
  it('survives the termination of a checked-out client that is between queries, and heals', async () => {
    const errors: Error[] = [];
    const pool = createResilientPool(db.url, {
      max: 1,
      applicationName: 'cs-pool-loss-test',
      onConnectionError: (e) => errors.push(e),
    });
    try {
      const client = await pool.connect();
      await client.query('begin');
      const pid = Number((await client.query('select pg_backend_pid() as pid')).rows[0].pid);
      await terminate(pid);
      // Without a listener of its own, the client's 'error' here would be an uncaught exception.
      // Waited for before the next query: sent first, that query would take the error as its answer.
      await waitFor('the idle client heard its session end', () => errors.length > 0, { timeoutMs: 5_000 });
      const failed = await failureOf(client.query('select 1'));
      expect(isDatabaseUnavailable(failed), String(failed)).toBe(true);
      client.release(failed as Error);
      const { rows } = await pool.query('select 7 as n');
      expect(rows).toEqual([{ n: 7 }]);
    } finally {
      await pool.end();
    }
  });
});

describe('a session the server ends while answering a statement', () => {
  const endOwnSession = 'select pg_terminate_backend(pg_backend_pid())';

  it('is discarded from a resilient pool when released, not handed out again', async () => {
    const pool = createResilientPool(db.url, { max: 1, applicationName: 'cs-ended-session-test' });
    try {
      const client = await pool.connect();
      expect(await failureOf(client.query(endOwnSession))).toMatchObject({ code: '57P01' });
      client.release();
      // Gone now, not once the socket's close is read: the next checkout opens a new session.
      expect(pool.totalCount).toBe(0);
      expect((await pool.query('select 1 as n')).rows).toEqual([{ n: 1 }]);
    } finally {
      await pool.end();
    }
  });

  it('at COMMIT costs the ORM that transaction only: the next ones, started at once, get live sessions', async () => {
    // A deferred trigger ends the session while the server runs the COMMIT: the error answers the COMMIT.
    await admin.query(`
      create table if not exists ended_at_commit (id int);
      create or replace function end_own_session() returns trigger language plpgsql as
        $$ begin perform pg_terminate_backend(pg_backend_pid()); return null; end $$;
      drop trigger if exists end_session_at_commit on ended_at_commit;
      create constraint trigger end_session_at_commit after insert on ended_at_commit
        deferrable initially deferred for each row execute function end_own_session();`);
    for (let round = 0; round < POOL_MAX * 3; round++) {
      const error = await failureOf(
        orm.em.fork().transactional((em) => em.execute('insert into ended_at_commit values (1)')),
      );
      expect(isDatabaseUnavailable(error), `round ${round}: ${String(error)}`).toBe(true);
      const next = await Promise.all(
        Array.from({ length: POOL_MAX }, () =>
          orm.em.fork().transactional((em) => em.execute<{ n: number }[]>('select 1 as n')),
        ),
      );
      expect(next).toEqual(Array.from({ length: POOL_MAX }, () => [{ n: 1 }]));
    }
  });
});
