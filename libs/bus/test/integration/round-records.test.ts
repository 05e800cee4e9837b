// A relay round's record leaves with the next claim, in the same socket write and round trip, and
// the claim sees the record's leases given up; a record no claim picks up is written by itself; a
// record that fails is reported to its round and does not take the claim down with it.
import { migrate, openDatabase } from '@cs/persistence';
import { createTestDatabase, type TestDatabase } from '@cs/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { claimPending, createRelayPool } from '../../src/outbox.repository.js';
import { RoundRecords } from '../../src/round-records.js';

const RELAY = 'relay-r';
let db: TestDatabase;
let orm: MikroORM;
let pool: pg.Pool;
let writes = 0;

beforeAll(async () => {
  db = await createTestDatabase(inject('postgresUrl'), 'round_records');
  orm = await openDatabase({ url: db.url, entities: [], migrations: [] });
  await migrate(orm);
  pool = createRelayPool(db.url);
  // Counts the socket writes of the relay's sessions (a corked batch is one).
  pool.on('connect', (client) => {
    const stream = (client as unknown as { connection: { stream: Record<string, (...a: unknown[]) => unknown> } })
      .connection.stream;
    for (const method of ['_write', '_writev'] as const) {
      const original = stream[method]!;
      stream[method] = (...args: unknown[]) => {
        writes += 1;
        return original.apply(stream, args);
      };
    }
  });
});

afterAll(async () => {
  await pool?.end();
  await orm?.close();
  await db?.drop();
});

const sql = <T>(text: string, values: unknown[] = []) => orm.em.fork().execute<T[]>(text, values);

async function commitRow(aggregate: string, version: number): Promise<string> {
  const [row] = await sql<{ id: string }>(
    `insert into cs_outbox (id, subject, aggregate_id, aggregate_version, payload)
     values (gen_random_uuid(), 'cs.test.thing.happened', ?, ?, '{}') returning id`,
    [aggregate, version],
  );
  return row!.id;
}

const claim = (db: pg.ClientBase | pg.Pool) => claimPending(db, RELAY, 100, 15_000);
const published = async (id: string) =>
  (await sql<{ at: Date | null }>('select published_at as at from cs_outbox where id = ?', [id]))[0]?.at ?? null;

describe('RoundRecords', () => {
  it("writes a round's record with the next claim, in one socket write, and that claim takes the aggregate's next row", async () => {
    const records = new RoundRecords(pool, RELAY, 60_000);
    const first = await commitRow('thing-a', 1);
    const [claimed] = await records.claimWith(claim);
    expect(claimed?.id).toBe(first);
    const recorded = records.add({ published: [first], failed: [], released: [] }, ['thing-a']);
    const second = await commitRow('thing-a', 2);
    expect(await published(first)).toBeNull(); // waiting for the next claim (the timer is a minute)

    const before = writes;
    const next = await records.claimWith(claim);
    expect(writes - before).toBe(1);
    await recorded;
    expect(await published(first)).not.toBeNull();
    // The record gave the lease up before the claim ran, so the aggregate's next row was claimable.
    expect(next.map((r) => r.id)).toEqual([second]);
    const after = records.add({ published: [second], failed: [], released: [] }, ['thing-a']);
    await records.flush();
    await after;
  });

  it('writes a record by itself when no claim comes within its delay', async () => {
    const records = new RoundRecords(pool, RELAY, 20);
    const id = await commitRow('thing-b', 1);
    await records.claimWith(claim);
    const recorded = records.add({ published: [id], failed: [], released: [] }, ['thing-b']);
    await recorded;
    expect(await published(id)).not.toBeNull();
  });

  it('reports a record that fails when written by itself to its round alone (no unhandled rejection)', async () => {
    const records = new RoundRecords(pool, RELAY, 20);
    await expect(records.add({ published: ['not-a-uuid'], failed: [], released: [] }, ['thing-d'])).rejects.toThrow(
      /uuid/,
    );
    // The next claim, which waits for that write, still runs.
    expect(await records.claimWith(claim)).toEqual([]);
  });

  it('reports a failed record to its round, and the claim sent with it still answers', async () => {
    const records = new RoundRecords(pool, RELAY, 60_000);
    const recorded = records.add({ published: ['not-a-uuid'], failed: [], released: [] }, ['thing-c']);
    recorded.catch(() => {}); // looked at below, after the claim it fails during
    const id = await commitRow('thing-c', 1);
    const rows = await records.claimWith(claim);
    await expect(recorded).rejects.toThrow(/uuid/);
    expect(rows.map((r) => r.id)).toContain(id);
    const cleanup = records.add({ published: [id], failed: [], released: [] }, ['thing-c']);
    await records.flush();
    await cleanup;
  });
});
