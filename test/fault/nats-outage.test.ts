// The broker stops for a few seconds under continuing command load and comes back (same store):
// /readyz reports NATS as away within the bound while staying ready (commands go to the outbox),
// commands keep succeeding, the disconnect and reconnect are logged and on /metrics, and afterwards
// every committed order is on the stream once and reached care once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@cs/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startNatsServer } from '../../scripts/infra/nats.mjs';
import { freePort } from '../../scripts/infra/net.mjs';
import { placedEventsPerOrder, startOrderLoad } from './support/order-load.js';
import { type OrdersAndCare, ordersAndCare, unlimitedIntake } from './support/orders-and-care.js';

const NATS_SERVER = '/usr/sbin/nats-server';
const PING_TIMEOUT_MS = 2000;
const OUTAGE_MS = 5000;
const cleanups: (() => Promise<unknown>)[] = [];
let platform: OrdersAndCare;
let nats: { url: string; start(): Promise<{ stop(): Promise<void> }> };
let server: { stop(): Promise<void> };

interface Readyz {
  status: number;
  body: { ready: boolean; checks: Record<string, { ok: boolean; detail?: string; unansweredMs?: number }> };
}

async function readyz(httpUrl: string): Promise<Readyz> {
  const response = await fetch(`${httpUrl}/readyz`, { signal: AbortSignal.timeout(5_000) });
  return { status: response.status, body: (await response.json()) as Readyz['body'] };
}

async function natsGauge(httpUrl: string): Promise<number | undefined> {
  const text = await (await fetch(`${httpUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('cs_nats_connected{'));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

beforeAll(async () => {
  // A private server, so stopping it disturbs no other test; restarted on the same port and store.
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'cs-fault-nats-'));
  cleanups.push(async () => rmSync(storeDir, { recursive: true, force: true }));
  const target = { host: '127.0.0.1', port, url: `nats://127.0.0.1:${port}` };
  nats = {
    url: target.url,
    start: () => startNatsServer(NATS_SERVER, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], target),
  };
  server = await nats.start();
  cleanups.push(() => server.stop()); // whichever server runs by then
  platform = await ordersAndCare(
    inject('postgresUrl'),
    nats.url,
    { ...unlimitedIntake, NATS_PING_TIMEOUT_MS: String(PING_TIMEOUT_MS), LOG_LEVEL: 'info' },
    cleanups,
  );
}, 240_000);

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

describe('a NATS outage under load', () => {
  it('is reported by /readyz within the bound, commands keep succeeding, and nothing is lost or doubled', async () => {
    const [orders] = await Promise.all([platform.start('orders'), platform.start('care')]);
    expect((await readyz(orders.httpUrl)).body.checks.nats).toMatchObject({ ok: true });
    expect(await natsGauge(orders.httpUrl)).toBe(1);

    const load = await startOrderLoad(orders, { httpWorkers: 3, grpcWorkers: 2 });
    const samples: (Readyz & { at: number })[] = [];
    let stoppedAt = 0;
    let restartedAt = 0;
    try {
      await waitFor('orders under load', () => load.ok().length >= 50, { timeoutMs: 30_000 });
      await server.stop();
      stoppedAt = Date.now();
      // Probes every 200 ms through the outage (the outage's length is the point, not a wait for a result).
      // The tail is short and the relay logs each failed publish: look for the line while it is recent.
      let disconnectLogged = false;
      while (Date.now() - stoppedAt < OUTAGE_MS) {
        samples.push({ ...(await readyz(orders.httpUrl)), at: Date.now() });
        disconnectLogged ||= /NATS disconnected/.test(orders.tail());
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const gaugeDuringOutage = await natsGauge(orders.httpUrl);
      const okDuringOutage = load.ok().filter((o) => o.at > stoppedAt + 500).length;
      server = await nats.start();
      restartedAt = Date.now();

      // Reported away within the bound, and still ready: commands are accepted meanwhile.
      const firstAway = samples.find((sample) => sample.body.checks.nats?.ok === false);
      expect(firstAway, JSON.stringify(samples.at(-1))).toBeDefined();
      expect(firstAway!.at - stoppedAt).toBeLessThanOrEqual(PING_TIMEOUT_MS + 1500);
      expect(firstAway!.body.checks.nats!.detail).toMatch(/NATS/);
      expect(samples.every((sample) => sample.status === 200 && sample.body.ready)).toBe(true);
      expect(gaugeDuringOutage).toBe(0);
      expect(okDuringOutage).toBeGreaterThan(0);

      await waitFor(
        'orders to report NATS back',
        async () => (await readyz(orders.httpUrl)).body.checks.nats?.ok === true,
        { timeoutMs: 20_000, intervalMs: 200 },
      );
      expect(await natsGauge(orders.httpUrl)).toBe(1);
      expect(disconnectLogged).toBe(true);
      await waitFor('the reconnect to be logged', () => /NATS reconnected/.test(orders.tail()), { timeoutMs: 5_000 });
      await waitFor(
        'orders under load after the outage',
        () => load.ok().filter((o) => o.at > restartedAt).length >= 20,
        {
          timeoutMs: 30_000,
        },
      );
    } finally {
      await load.stop();
    }
    expect(load.outcomes.filter((o) => o.kind !== 'ok').slice(0, 5)).toEqual([]);
    expect(new Set(load.ok().map((o) => o.via))).toEqual(new Set(['http', 'grpc']));

    // Everything committed is published once and consumed once.
    const stored = new Set(
      (await platform.rows<{ id: string }>('orders', 'select id from orders')).map((row) => row.id),
    );
    expect(new Set(load.ok().map((o) => o.id))).toEqual(stored);
    await waitFor(
      'the outbox to drain',
      async () =>
        (await platform.count('orders', 'select count(*) as n from cs_outbox where published_at is null')) === 0,
      { timeoutMs: 60_000 },
    );
    const perOrder = await placedEventsPerOrder(nats.url, platform.subjectPrefix);
    expect([...perOrder].filter(([, n]) => n !== 1)).toEqual([]);
    expect(new Set(perOrder.keys())).toEqual(stored);
    await waitFor(
      'care to have every order',
      async () => (await platform.count('care', 'select count(*) as n from customer_orders')) === stored.size,
      { timeoutMs: 60_000 },
    );
    expect(
      await platform.count('care', "select count(*) as n from cs_inbox where subject like '%cs.orders.order.placed'"),
    ).toBe(stored.size);
  }, 150_000);
});
