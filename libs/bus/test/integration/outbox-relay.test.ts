import { waitFor } from '@cs/testing';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRelay } from '../../src/outbox-relay.service.js';
import { type BusFixture, openBusFixture } from './support/bus.fixture.js';
import { changeAddress, ORDER_STATE_TABLE } from './support/order-events.js';

let fx: BusFixture;
const relays: OutboxRelay[] = [];

beforeAll(async () => {
  fx = await openBusFixture('outbox_relay');
  await fx.sql(ORDER_STATE_TABLE);
  await fx.ensureOrderStreams();
});

afterEach(async () => {
  await Promise.all(relays.splice(0).map((relay) => relay.stop()));
});

afterAll(async () => {
  await fx?.close();
});

async function startRelay(options: { pollIntervalMs?: number; batchSize?: number } = {}): Promise<OutboxRelay> {
  const relay = new OutboxRelay({
    databaseUrl: fx.databaseUrl,
    nc: fx.nc,
    source: '/cs/orders',
    subjectPrefix: fx.prefix,
    ...options,
  });
  await relay.start();
  relays.push(relay);
  return relay;
}

async function pendingCount(): Promise<number> {
  const [row] = await fx.sql<{ n: string }>('select count(*) as n from cs_outbox where published_at is null');
  return Number(row?.n);
}

/** Milliseconds from commit-time insert to published, measured by the database clock. */
async function publishLatencyMs(eventId: string): Promise<number> {
  const row = await waitFor(`event ${eventId} published`, async () => {
    const [found] = await fx.sql<{ ms: string | null }>(
      'select extract(epoch from (published_at - created_at)) * 1000 as ms from cs_outbox where id = ?',
      [eventId],
    );
    return found?.ms != null ? found : undefined;
  });
  return Number(row.ms);
}

describe('OutboxRelay', () => {
  it('publishes every row exactly once when two relays share the database', async () => {
    const [a, b] = await Promise.all([startRelay({ batchSize: 7 }), startRelay({ batchSize: 7 })]);
    const before = await fx.messageCount('CS_ORDERS');
    const writers = Array.from({ length: 20 }, (_, w) =>
      (async () => {
        for (let i = 1; i <= 10; i++) await changeAddress(fx.orm.em, `order-${w}`, i);
      })(),
    );
    await Promise.all(writers);

    await waitFor('all 200 rows published', async () => (await pendingCount()) === 0, { timeoutMs: 20_000 });
    expect((await fx.messageCount('CS_ORDERS')) - before).toBe(200);
    const [sa, sb] = [a.stats(), b.stats()];
    console.info(`two relays published ${sa.published} + ${sb.published} rows`);
    expect(sa.published + sb.published).toBe(200);
    expect(sa.duplicates + sb.duplicates).toBe(0);
    expect(sa.failed + sb.failed).toBe(0);
  });

  it('keeps the events of one aggregate in order on the stream', async () => {
    await startRelay();
    const ids: string[] = [];
    for (let version = 1; version <= 15; version++) ids.push(await changeAddress(fx.orm.em, 'order-ordered', version));
    await waitFor('order-ordered published', async () => (await pendingCount()) === 0);
    const versions = (await fx.storedMessages('CS_ORDERS'))
      .filter((m) => m.header.get('ce-subject') === 'order-ordered')
      .map((m) => Number(m.header.get('ce-aggregateversion')));
    expect(versions).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
  });

  it('is woken by a commit in this process: a committed event is published well before the 5 s poll', async () => {
    await startRelay({ pollIntervalMs: 5000 });
    await startRelay({ pollIntervalMs: 5000 });
    await waitFor('nothing pending', async () => (await pendingCount()) === 0);
    const latencies: number[] = [];
    for (let i = 1; i <= 3; i++)
      latencies.push(await publishLatencyMs(await changeAddress(fx.orm.em, 'order-woken', i)));
    console.info(`relay wake-up latency (ms): ${latencies.map((ms) => ms.toFixed(1)).join(', ')}`);
    for (const ms of latencies) expect(ms).toBeLessThan(1000);
  });

  it('finds by its poll what another process committed (nothing wakes it for that)', async () => {
    await startRelay({ pollIntervalMs: 300 });
    await waitFor('nothing pending', async () => (await pendingCount()) === 0);
    const other = new pg.Client(fx.databaseUrl);
    await other.connect();
    try {
      const { rows } = await other.query<{ id: string }>(
        `insert into cs_outbox (id, subject, aggregate_id, aggregate_version, payload)
         values (gen_random_uuid(), 'cs.orders.order.address_changed', 'order-elsewhere', 1, '{}') returning id`,
      );
      const latency = await publishLatencyMs(rows[0]!.id);
      expect(latency).toBeLessThan(3000);
    } finally {
      await other.end();
    }
  });

  it('claims what committed while a round published in one claim once that round ends, not one claim per commit', async () => {
    const relay = await startRelay({ pollIntervalMs: 5000 });
    await waitFor('nothing pending', async () => (await pendingCount()) === 0);
    const [claimLock, rowLock] = [new pg.Client(fx.databaseUrl), new pg.Client(fx.databaseUrl)];
    await Promise.all([claimLock.connect(), rowLock.connect()]);
    try {
      const claimsBefore = relay.stats().rounds;
      // The claim waits for this lock, so the test can lock the row it claims before its round records it.
      await claimLock.query("begin; select pg_advisory_xact_lock(hashtextextended('cs_outbox_claim', 0))");
      const first = await changeAddress(fx.orm.em, 'order-round-a', 1);
      await rowLock.query('begin');
      await rowLock.query('select 1 from cs_outbox where id = $1 for update', [first]);
      await claimLock.query('commit');
      // The round of the first row is published, and waits to record it. Meanwhile three commits, each
      // waking the relay, with time enough for a relay that claims on every wake-up to claim it alone.
      const later: string[] = [];
      for (const order of ['order-round-b', 'order-round-c', 'order-round-d']) {
        later.push(await changeAddress(fx.orm.em, order, 1));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await rowLock.query('commit');
      await waitFor('all four published', async () => (await pendingCount()) === 0, { timeoutMs: 4000 });
      expect(relay.stats().published).toBeGreaterThanOrEqual(4);
      // The three that committed while the first row's round was out went in one round: recorded by one
      // statement, where claiming each on its wake-up records them ≥ 100 ms apart.
      const [spread] = await fx.sql<{ ms: number }>(
        'select extract(epoch from max(published_at) - min(published_at)) * 1000 as ms from cs_outbox where id in (?)',
        [later],
      );
      expect(Number(spread?.ms)).toBeLessThan(50);
      // One claim for the first row and one for the three; the wake-ups that came while the first row's
      // record was held up may cost one more, which finds nothing. A relay claiming per commit makes four.
      expect(relay.stats().rounds - claimsBefore).toBeLessThanOrEqual(3);
    } finally {
      await Promise.all([claimLock.end(), rowLock.end()]);
    }
  });
});
