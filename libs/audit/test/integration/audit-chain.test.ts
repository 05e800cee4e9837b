import { migrate, openDatabase } from '@cs/persistence';
import { createTestDatabase, type TestDatabase } from '@cs/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findRecords, verifyChain } from '../../src/audit-reader.js';
import { AuditTrail } from '../../src/audit-trail.js';

// Two replicas of one service: two ORMs (two pools) on the same database, each with its own trail.
let db: TestDatabase;
let replicaA: MikroORM;
let replicaB: MikroORM;

beforeAll(async () => {
  db = await createTestDatabase(inject('postgresUrl'), 'audit_chain');
  replicaA = await openDatabase({ url: db.url, entities: [], migrations: [] });
  await migrate(replicaA);
  replicaB = await openDatabase({ url: db.url, entities: [], migrations: [] });
});

afterAll(async () => {
  await replicaA?.close();
  await replicaB?.close();
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
    const em = replicaA.em.fork();
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
    expect(await verifyChain(replicaA.em.fork())).toMatchObject({ ok: true, checked: 630 });
  });

  it('resolves an append only once its record is committed', async () => {
    const trail = new AuditTrail(replicaB, 'orders');
    await trail.append(entry(1000, 'ok'));
    const [row] = await replicaA.em
      .fork()
      .execute<{ n: string }[]>("select count(*) as n from audit_records where ids->>'orderId' = 'TB1000'");
    expect(Number(row?.n)).toBe(1);
  });

  it('fails the appends of a flush that cannot commit, and carries on with the next', async () => {
    const trail = new AuditTrail(replicaA, 'orders');
    const bad = trail.append({ ...entry(2000, 'ok'), ids: { orderId: '\u0000' } }); // jsonb refuses NUL
    await expect(bad).rejects.toThrow();
    await trail.append(entry(2001, 'ok'));
    expect(await verifyChain(replicaA.em.fork())).toMatchObject({ ok: true, checked: 632 });
  });
});
