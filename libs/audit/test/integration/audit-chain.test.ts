import { migrate, openDatabase } from '@cs/persistence';
import { createTestDatabase, type TestDatabase } from '@cs/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findRecords, verifyChain } from '../../src/audit-reader.js';
import { AUDIT_APPLICATION_NAME, AuditTrail, createAuditPool } from '../../src/audit-trail.js';

// Two replicas of one service: two audit connections on the same database, each with its own trail.
let db: TestDatabase;
let orm: MikroORM;
let replicaA: pg.Pool;
let replicaB: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase(inject('postgresUrl'), 'audit_chain');
  orm = await openDatabase({ url: db.url, entities: [], migrations: [] });
  await migrate(orm);
  replicaA = createAuditPool(db.url);
  replicaB = createAuditPool(db.url);
});

afterAll(async () => {
  await replicaA?.end();
  await replicaB?.end();
  await orm?.close();
  await db?.drop();
});

const entry = (n: number, replica: string) => ({
  at: new Date(),
  subject: `agent-${n}`,
  roles: ['order-desk-clerk'],
  via: '',
  rpc: '/cs.orders.v1.OrdersService/GetOrder',
  ids: { orderId: `TB${n}` },
  traceId: '',
  outcome: replica,
});

describe('AuditTrail: group commit on one chain shared by replicas', () => {
  it('appends 2 × 300 records racing from two replicas into one unbroken chain, in far fewer transactions', async () => {
    const a = new AuditTrail(replicaA, 'orders');
    const b = new AuditTrail(replicaB, 'orders');
    await Promise.all([
      ...Array.from({ length: 300 }, (_, n) => a.append(entry(n, 'ok'))),
      ...Array.from({ length: 300 }, (_, n) => b.append(entry(n, 'ok'))),
    ]);
    expect(a.flushes + b.flushes).toBeLessThan(600 / 10);
    const em = orm.em.fork();
    const records = await findRecords(em, {}, 0, 1000);
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    expect(await verifyChain(em, 64)).toEqual({ ok: true, checked: 600, firstBrokenSeq: 0, reason: '' });
  });

  it('keeps one chain when replicas take turns: a replica whose remembered head is stale re-reads it', async () => {
    const a = new AuditTrail(replicaA, 'orders');
    const b = new AuditTrail(replicaB, 'orders');
    for (let n = 0; n < 10; n++) {
      await a.append(entry(500 + n, 'ok'));
      await a.append(entry(500 + n, 'ok')); // a's head is still the head: one statement
      await b.append(entry(500 + n, 'ok')); // b's head is stale from its previous turn
    }
    expect(await verifyChain(orm.em.fork())).toMatchObject({ ok: true, checked: 630 });
  });

  it('resolves an append only once its record is committed', async () => {
    const trail = new AuditTrail(replicaB, 'orders');
    await trail.append(entry(1000, 'ok'));
    const [row] = await orm.em
      .fork()
      .execute<{ n: string }[]>("select count(*) as n from audit_records where ids->>'orderId' = 'TB1000'");
    expect(Number(row?.n)).toBe(1);
  });

  it('fails the appends of a flush that cannot commit, and carries on with the next', async () => {
    const trail = new AuditTrail(replicaA, 'orders');
    const bad = trail.append({ ...entry(2000, 'ok'), ids: { orderId: '\u0000' } }); // jsonb refuses NUL
    await expect(bad).rejects.toThrow();
    await trail.append(entry(2001, 'ok'));
    expect(await verifyChain(orm.em.fork())).toMatchObject({ ok: true, checked: 632 });
  });

  it('appends on a prepared statement that runs on a cached plan', async () => {
    const trail = new AuditTrail(replicaA, 'orders');
    for (let n = 0; n < 8; n++) await trail.append(entry(3000 + n, 'ok'));
    // The trail's pool has one connection, so this is the session the statement was prepared on.
    const { rows } = await replicaA.query<{ generic_plans: string }>(
      "select generic_plans from pg_prepared_statements where name = 'cs-audit-append'",
    );
    expect(Number(rows[0]?.generic_plans)).toBeGreaterThan(0);
  });

  it('appends again after its connection was terminated', async () => {
    const trail = new AuditTrail(replicaB, 'orders');
    await trail.append(entry(4000, 'ok'));
    const { rows } = await replicaA.query<{ n: string }>(
      `select count(pg_terminate_backend(pid)) as n from pg_stat_activity
        where application_name = $1 and datname = current_database() and pid <> pg_backend_pid()`,
      [AUDIT_APPLICATION_NAME],
    );
    expect(Number(rows[0]?.n)).toBe(1);
    // The pool notices the idle session's end and opens a new one for the next flush.
    await expect.poll(() => replicaB.totalCount).toBe(0);
    await trail.append(entry(4001, 'ok'));
    expect(await verifyChain(orm.em.fork())).toMatchObject({ ok: true, checked: 642 });
  });
});
