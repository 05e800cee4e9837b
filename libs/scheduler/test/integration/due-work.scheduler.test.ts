import { migrate, openDatabase } from '@cs/persistence';
import { createTestDatabase, type TestDatabase, waitFor } from '@cs/testing';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { DueWork } from '../../src/index.js';
import { DueWorkScheduler } from '../../src/index.js';

let db: TestDatabase;
let orm: MikroORM;

beforeAll(async () => {
  db = await createTestDatabase(inject('postgresUrl'), 'scheduler');
  orm = await openDatabase({ url: db.url, entities: [], migrations: [] });
  await migrate(orm);
  await sql(`create table due_item (
    id text primary key,
    due_at timestamptz,
    parked boolean not null default false,
    handled int not null default 0,
    handled_by text[] not null default '{}'
  )`);
  await sql('create index due_item_due on due_item (due_at) where due_at is not null and not parked');
});

afterAll(async () => {
  await orm?.close();
  await db?.drop();
});

beforeEach(async () => {
  await sql('truncate due_item');
});

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return orm.em.fork().execute<T[]>(query, params);
}

const now = new Date('2026-12-03T10:00:00Z');
const quiet = { error: () => {} };
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);

async function seed(count: number, dueAt: Date, prefix = 'item'): Promise<void> {
  await sql(`insert into due_item (id, due_at) select ? || '-' || n, ? from generate_series(1, ?) n`, [
    prefix,
    dueAt,
    count,
  ]);
}

/** Marks the item handled by `who` and clears its due time: what a well-behaved handler does. */
const handledBy =
  (who: string, pause?: () => Promise<void>) =>
  async (em: EntityManager, id: string): Promise<void> => {
    await pause?.();
    await em.execute(
      'update due_item set due_at = null, handled = handled + 1, handled_by = handled_by || ?::text where id = ?',
      [who, id],
    );
  };

const work = (handle: DueWork['handle'], extra: Partial<DueWork> = {}): DueWork => ({
  name: 'test-work',
  table: 'due_item',
  idColumn: 'id',
  dueColumn: 'due_at',
  where: 'due_at is not null and not parked',
  handle,
  ...extra,
});

describe('DueWorkScheduler: due work found by an indexed due-time query, claimed with SKIP LOCKED', () => {
  it('handles only what is due, in batches, and reads only the due rows', async () => {
    await seed(25, minutes(-5), 'due');
    await seed(40, minutes(30), 'later');
    const scheduler = new DueWorkScheduler(orm, [work(handledBy('a'))], { pollMs: 1_000, batchSize: 10 });

    const [tick] = await scheduler.tick(now);

    expect(tick).toEqual({ name: 'test-work', claimed: 25, handled: 25, failed: 0, batches: 3 });
    const rows = await sql<{ id: string; handled: number }>('select id, handled from due_item where handled > 0');
    expect(rows.map((r) => r.id).every((id) => id.startsWith('due-'))).toBe(true);
    expect(rows.every((r) => r.handled === 1)).toBe(true);
  });

  it('claims work due ahead of its time when the work says so (dueBy)', async () => {
    await seed(3, minutes(20), 'soon');
    await seed(2, minutes(90), 'later');
    const scheduler = new DueWorkScheduler(
      orm,
      [work(handledBy('a'), { dueBy: (at) => new Date(at.getTime() + 3_600_000) })],
      {
        pollMs: 1_000,
        batchSize: 10,
      },
    );

    const [tick] = await scheduler.tick(now);

    expect(tick?.handled).toBe(3);
  });

  it('two replicas sweeping at once act on each item exactly once and share the work', async () => {
    await seed(200, minutes(-1));
    // A short pause per item keeps both replicas inside their batches at the same time.
    const pause = () => new Promise<void>((resolve) => setImmediate(resolve));
    const replicaA = new DueWorkScheduler(orm, [work(handledBy('a', pause))], { pollMs: 1_000, batchSize: 20 });
    const replicaB = new DueWorkScheduler(orm, [work(handledBy('b', pause))], { pollMs: 1_000, batchSize: 20 });

    const [[a], [b]] = await Promise.all([replicaA.tick(now), replicaB.tick(now)]);

    const rows = await sql<{ handled: number; handled_by: string[] }>('select handled, handled_by from due_item');
    expect(rows).toHaveLength(200);
    expect(rows.every((r) => r.handled === 1 && r.handled_by.length === 1)).toBe(true);
    expect((a?.handled ?? 0) + (b?.handled ?? 0)).toBe(200);
  });

  it('an item whose handler fails is rolled back alone and retried on the next tick; the rest commit', async () => {
    await seed(5, minutes(-1));
    let broken = true;
    const handle = async (em: EntityManager, id: string) => {
      await handledBy('a')(em, id);
      if (id === 'item-3' && broken) throw new Error('downstream refused');
    };
    const errors: object[] = [];
    const scheduler = new DueWorkScheduler(orm, [work(handle)], {
      pollMs: 1_000,
      batchSize: 2,
      logger: { error: (details) => errors.push(details) },
    });

    const [first] = await scheduler.tick(now);
    expect(first).toMatchObject({ handled: 4, failed: 1 });
    expect((await sql<{ id: string }>('select id from due_item where handled = 0')).map((r) => r.id)).toEqual([
      'item-3',
    ]);
    expect(errors).toHaveLength(1);

    broken = false;
    const [second] = await scheduler.tick(now);
    expect(second).toMatchObject({ claimed: 1, handled: 1, failed: 0 });
  });

  it("runs an item's after-commit effects once its batch is committed, and drops those of a rolled-back item", async () => {
    await seed(3, minutes(-1));
    // What each effect saw from another connection when it ran: the item's work, committed or not.
    const seen: Array<{ id: string; committed: boolean }> = [];
    let failing = true;
    const handle: DueWork['handle'] = async (em, id, _now, afterCommit) => {
      await handledBy('a')(em, id);
      afterCommit(async () => {
        const [row] = await sql<{ handled: number }>('select handled from due_item where id = ?', [id]);
        seen.push({ id, committed: row?.handled === 1 });
      });
      if (id === 'item-2' && failing) throw new Error('downstream refused');
    };
    const scheduler = new DueWorkScheduler(orm, [work(handle)], { pollMs: 1_000, batchSize: 10, logger: quiet });

    await scheduler.tick(now);
    await waitFor("the two committed items' effects", () => seen.length === 2);
    expect(seen.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'item-1', committed: true },
      { id: 'item-3', committed: true },
    ]);

    failing = false;
    await scheduler.tick(now);
    await waitFor("the retried item's effect", () => seen.length === 3);
    expect(seen[2]).toEqual({ id: 'item-2', committed: true });
  });

  it('an after-commit effect that throws is logged; the others still run', async () => {
    await seed(2, minutes(-1));
    const ran: string[] = [];
    const errors: object[] = [];
    const handle: DueWork['handle'] = async (em, id, _now, afterCommit) => {
      await handledBy('a')(em, id);
      afterCommit(() => {
        if (id === 'item-1') throw new Error('metrics registry gone');
        ran.push(id);
      });
    };
    const logger = { error: (details: object) => errors.push(details) };
    const scheduler = new DueWorkScheduler(orm, [work(handle)], { pollMs: 1_000, batchSize: 10, logger });

    const [tick] = await scheduler.tick(now);

    expect(tick).toMatchObject({ handled: 2, failed: 0 });
    expect(ran).toEqual(['item-2']);
    expect(errors).toEqual([expect.objectContaining({ work: 'test-work' })]);
  });

  it('a handler that leaves its item due does not make the tick loop forever', async () => {
    await seed(3, minutes(-1));
    const scheduler = new DueWorkScheduler(
      orm,
      [work(async (em, id) => void (await em.execute('update due_item set handled = handled + 1 where id = ?', [id])))],
      { pollMs: 1_000, batchSize: 3, logger: { error: () => undefined } },
    );

    const [tick] = await scheduler.tick(now);

    expect(tick).toMatchObject({ handled: 3, failed: 3 });
    expect((await sql<{ handled: number }>('select handled from due_item')).every((r) => r.handled === 1)).toBe(true);
  });

  it('stop() waits for the batch in progress and starts no other', async () => {
    await seed(6, minutes(-1));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered!: () => void;
    const firstItem = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const handle = handledBy('a', async () => {
      entered();
      await gate;
    });
    const scheduler = new DueWorkScheduler(orm, [work(handle)], { pollMs: 10, batchSize: 2 });
    scheduler.start();
    await firstItem;

    let stopped = false;
    const stopping = scheduler.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release();
    await stopping;

    const handled = await sql<{ n: number }>('select count(*)::int as n from due_item where handled > 0');
    expect(handled[0]?.n).toBe(2);
  });

  it('afterTick runs after every tick with its figures, and stop() waits for it too', async () => {
    await seed(3, minutes(-1));
    const seen: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered!: () => void;
    const inAfterTick = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const scheduler = new DueWorkScheduler(orm, [work(handledBy('a'))], {
      pollMs: 10,
      batchSize: 10,
      afterTick: async (ticks) => {
        seen.push(ticks[0]!.handled);
        entered();
        await gate;
      },
    });
    scheduler.start();
    await inAfterTick;
    let stopped = false;
    const stopping = scheduler.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(seen).toEqual([3]);
  });

  it('refuses table or column names that are not plain identifiers', () => {
    expect(
      () =>
        new DueWorkScheduler(orm, [work(handledBy('a'), { table: 'due_item; drop table x' })], {
          pollMs: 1,
          batchSize: 1,
        }),
    ).toThrow(/not a plain SQL identifier/);
  });
});
