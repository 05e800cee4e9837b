import { waitFor } from '@cs/testing';
import { jetstream } from '@nats-io/jetstream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxPublisher } from '../../src/outbox.publisher.js';
import { claimPending } from '../../src/outbox.repository.js';
import { OutboxRelay } from '../../src/outbox-relay.service.js';
import { type BusFixture, openBusFixture } from './support/bus.fixture.js';
import { changeAddress, ORDER_STATE_TABLE } from './support/order-events.js';

let fx: BusFixture;

beforeAll(async () => {
  fx = await openBusFixture('relay_ordering');
  await fx.sql(ORDER_STATE_TABLE);
  await fx.ensureOrderStreams();
});

afterAll(async () => {
  await fx?.close();
});

const AGGREGATES = 8;
const VERSIONS = 30;
const WRITERS = 4;

/**
 * Writers interleave aggregates; each aggregate's versions commit one after another, as a use case's
 * would. Few aggregates against batches of 4 put later versions of an aggregate in another relay's batch.
 */
async function writeInterleaved(
  round: string,
  versions: [number, number],
  inserted: Map<string, string[]>,
): Promise<void> {
  const writers = Array.from({ length: WRITERS }, (_, w) =>
    (async () => {
      for (let version = versions[0]; version <= versions[1]; version++) {
        for (let a = w; a < AGGREGATES; a += WRITERS) {
          const aggregate = `${round}-${a}`;
          const id = await changeAddress(fx.orm.em, aggregate, version);
          inserted.set(aggregate, [...(inserted.get(aggregate) ?? []), id]);
        }
      }
    })(),
  );
  await Promise.all(writers);
}

describe('OutboxRelay with several replicas', () => {
  it('publishes every aggregate in insertion order, nothing doubled, with three relays claiming concurrently', async () => {
    const round = 'multi';
    // An ordered consumer from the stream's start, independent of the relays: it sees what integrators would.
    const js = jetstream(fx.nc);
    const seen: { aggregate: string; id: string }[] = [];
    const consumer = await js.consumers.get(fx.stream('CS_ORDERS'));
    const messages = await consumer.consume();
    const reading = (async () => {
      for await (const m of messages) {
        const aggregate = m.headers?.get('ce-subject') ?? '';
        if (aggregate.startsWith(`${round}-`)) seen.push({ aggregate, id: m.headers?.get('ce-id') ?? '' });
      }
    })();

    const relays = Array.from(
      { length: 3 },
      () =>
        new OutboxRelay({
          databaseUrl: fx.databaseUrl,
          nc: fx.nc,
          source: '/cs/orders',
          subjectPrefix: fx.prefix,
          batchSize: 4,
          pollIntervalMs: 50,
        }),
    );
    const inserted = new Map<string, string[]>();
    // A backlog first, so the three relays start by claiming neighbouring batches, then writes while they run.
    await writeInterleaved(round, [1, VERSIONS / 2], inserted);
    await Promise.all(relays.map((relay) => relay.start()));
    try {
      await writeInterleaved(round, [VERSIONS / 2 + 1, VERSIONS], inserted);
      const total = AGGREGATES * VERSIONS;
      await waitFor(`all ${total} events seen by the subscriber`, () => seen.length >= total, { timeoutMs: 45_000 });
      // Anything doubled would arrive shortly after; the stream's own count settles it without a sleep.
      const stored = (await fx.storedMessages('CS_ORDERS')).filter((m) =>
        (m.header.get('ce-subject') ?? '').startsWith(`${round}-`),
      );
      expect(stored.length).toBe(total);
      expect(new Set(seen.map((s) => s.id)).size).toBe(total);
      const published = relays.map((relay) => relay.stats().published);
      console.info(`three relays published ${published.join(' + ')} rows`);
      expect(published.filter((n) => n > 0).length).toBeGreaterThan(1);
      for (const [aggregate, ids] of inserted) {
        expect(
          seen.filter((s) => s.aggregate === aggregate).map((s) => s.id),
          `stream order of ${aggregate}`,
        ).toEqual(ids);
        expect(
          stored.filter((m) => m.header.get('ce-subject') === aggregate).map((m) => m.header.get('ce-id')),
          `stored order of ${aggregate}`,
        ).toEqual(ids);
      }
    } finally {
      await Promise.all(relays.map((relay) => relay.stop()));
      messages.stop();
      await reading;
    }
  }, 90_000);

  it("leaves a crashed relay's aggregates alone until its lease expires, then publishes them once and in order", async () => {
    const ids: string[] = [];
    for (let version = 1; version <= 4; version++) ids.push(await changeAddress(fx.orm.em, 'crashed', version));
    // A relay that claimed the rows, published the first two and died before recording anything.
    const pool = new pg.Pool({ connectionString: fx.databaseUrl, max: 1 });
    const LEASE_MS = 3000;
    const claimedAt = Date.now();
    const claimed = await claimPending(pool, 'dead-relay', 100, LEASE_MS);
    await pool.end();
    expect(claimed.map((r) => r.id)).toEqual(ids);
    const publisher = new OutboxPublisher(fx.nc, { source: '/cs/orders', prefix: fx.prefix, timeoutMs: 5000 });
    for (const row of claimed.slice(0, 2)) await publisher.publish(row);
    // Committed: the claim holds no lock, so its rows can be read and locked by anyone meanwhile.
    const locked = await fx.sql<{ id: string }>(
      "select id from cs_outbox where aggregate_id = 'crashed' for update nowait",
    );
    expect(locked).toHaveLength(4);
    const [lease] = await fx.sql<{ relay: string }>("select relay from cs_outbox_lease where aggregate_id = 'crashed'");
    expect(lease?.relay).toBe('dead-relay');
    // A later event of the same aggregate must wait behind the dead relay's lease too.
    ids.push(await changeAddress(fx.orm.em, 'crashed', 5));

    const relay = new OutboxRelay({
      databaseUrl: fx.databaseUrl,
      nc: fx.nc,
      source: '/cs/orders',
      subjectPrefix: fx.prefix,
      pollIntervalMs: 100,
    });
    await relay.start();
    try {
      await waitFor(
        'the aggregate published',
        async () => {
          const [row] = await fx.sql<{ n: string }>(
            "select count(*) as n from cs_outbox where aggregate_id = 'crashed' and published_at is null",
          );
          return Number(row?.n) === 0;
        },
        { timeoutMs: 20_000 },
      );
      const [first] = await fx.sql<{ at: string }>(
        "select extract(epoch from min(published_at)) * 1000 as at from cs_outbox where aggregate_id = 'crashed'",
      );
      expect(Number(first?.at)).toBeGreaterThanOrEqual(claimedAt + LEASE_MS - 100);
      const stored = (await fx.storedMessages('CS_ORDERS')).filter((m) => m.header.get('ce-subject') === 'crashed');
      expect(stored.map((m) => m.header.get('ce-id'))).toEqual(ids);
      // The two the dead relay had stored were re-published and dropped by the duplicate window.
      expect(relay.stats()).toMatchObject({ published: 5, duplicates: 2 });
    } finally {
      await relay.stop();
    }
  });
});
