import { renderMetrics } from '@cs/telemetry';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessagingRetention, uuidv7Floor } from '../../src/messaging-retention.service.js';
import { uuidv7 } from '../../src/uuid-v7.util.js';
import { type BusFixture, openBusFixture } from './support/bus.fixture.js';

let fx: BusFixture;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  fx = await openBusFixture('messaging_retention');
  // Services create this table in their own first migration; the bus fixture has none.
  await fx.sql(`create table idempotency_keys (operation text not null, key text not null, fingerprint text not null,
    outcome jsonb not null, created_at timestamptz not null default now(), primary key (operation, key))`);
});

afterAll(async () => {
  await fx?.close();
});

/** An outbox row written `ageMs` ago (its UUIDv7 id carries that time), published or still pending. */
async function outboxRow(ageMs: number, published: boolean): Promise<string> {
  const id = uuidv7Floor(Date.now() - ageMs).slice(0, 24) + uuidv7().slice(24);
  await fx.sql(
    `insert into cs_outbox (id, subject, aggregate_id, aggregate_version, payload, created_at, published_at)
     values (?, 'cs.orders.order.address_changed', 'agg', 1, '{}', now() - ? * interval '1 millisecond',
             case when ? then now() else null end)`,
    [id, ageMs, published],
  );
  return id;
}

async function count(table: string): Promise<number> {
  const [row] = await fx.sql<{ n: string }>(`select count(*) as n from ${table}`);
  return Number(row?.n);
}

async function purgedMetric(table: string): Promise<number> {
  const line = (await renderMetrics())
    .split('\n')
    .find((l) => l.startsWith('cs_messaging_retention_purged_total{') && l.includes(`table="${table}"`));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('MessagingRetention', () => {
  it('purges old published outbox rows, old inbox rows and old idempotency keys in batches, once across replicas, and keeps the rest', async () => {
    const oldPublished = await Promise.all(Array.from({ length: 23 }, () => outboxRow(8 * DAY, true)));
    const oldPending = await outboxRow(8 * DAY, false);
    const recent = await outboxRow(HOUR, true);
    await fx.sql(
      `insert into cs_inbox (consumer, message_id, subject, received_at)
       select 'desk', 'old-' || n, 's', now() - interval '31 days' from generate_series(1, 17) n
       union all select 'desk', 'new-' || n, 's', now() - interval '29 days' from generate_series(1, 4) n`,
    );
    await fx.sql(
      `insert into idempotency_keys (operation, key, fingerprint, outcome, created_at)
       select 'op', 'old-' || n, 'f', '{}'::jsonb, now() - interval '8 days' from generate_series(1, 12) n
       union all select 'op', 'new-' || n, 'f', '{}'::jsonb, now() - interval '6 days' from generate_series(1, 3) n`,
    );
    await fx.sql(
      `insert into cs_outbox_lease (aggregate_id, relay, until) values
         ('dead-relay-agg', 'gone:1:x', now() - interval '2 hours'), ('live-agg', 'here:2:y', now() + interval '10 seconds')`,
    );
    const metricBefore = await purgedMetric('outbox');
    const settings = { outboxMs: 7 * DAY, inboxMs: 30 * DAY, idempotencyMs: 7 * DAY, batchSize: 5 };
    // Two replicas at once: each batch runs under one advisory lock, so no row is counted twice.
    const replicas = [new MessagingRetention(fx.orm, settings), new MessagingRetention(fx.orm, settings)];
    const passes = await Promise.all(replicas.map((r) => r.purgeOnce()));
    const again = await replicas[0]?.purgeOnce();
    const total = (key: 'outbox' | 'inbox' | 'idempotency' | 'leases') =>
      [...passes, again].reduce((sum, pass) => sum + (pass?.[key] ?? 0), 0);

    expect({
      outbox: total('outbox'),
      inbox: total('inbox'),
      idempotency: total('idempotency'),
      leases: total('leases'),
    }).toEqual({ outbox: 23, inbox: 17, idempotency: 12, leases: 1 });
    const left = await fx.sql<{ id: string }>('select id from cs_outbox order by id');
    expect(left.map((r) => r.id).sort()).toEqual([oldPending, recent].sort());
    expect(oldPublished.every((id) => !left.some((r) => r.id === id))).toBe(true);
    expect(await count('cs_inbox')).toBe(4);
    expect(await count('idempotency_keys')).toBe(3);
    expect((await purgedMetric('outbox')) - metricBefore).toBe(23);
  });

  it('purges nothing while another replica holds the purge lock', async () => {
    await outboxRow(8 * DAY, true);
    const other = new pg.Client({ connectionString: fx.databaseUrl });
    await other.connect();
    try {
      await other.query('begin');
      await other.query("select pg_advisory_xact_lock(hashtextextended('cs_messaging_retention', 0))");
      const retention = new MessagingRetention(fx.orm, { outboxMs: DAY, inboxMs: DAY, idempotencyMs: DAY });
      expect(await retention.purgeOnce()).toBeUndefined();
      await other.query('commit');
      expect((await retention.purgeOnce())?.outbox).toBe(1);
    } finally {
      await other.end();
    }
  });

  it('orders outbox ids by time: the floor of a millisecond sorts after every id of earlier ones', () => {
    const earlier = uuidv7();
    const floor = uuidv7Floor(Date.now() + 1);
    expect(earlier < floor).toBe(true);
    expect(floor).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-0000-0000-000000000000$/);
  });
});
