// A PostgreSQL restart under continuing HTTP and gRPC command load on orders. The server is a private
// embedded PostgreSQL on a free port with its own data directory (the shared one other tests use is
// never touched), stopped with a fast shutdown and started again on the same port and data. While it
// is away the service refuses retryably (UNAVAILABLE / 503, quickly) and /readyz says so; afterwards
// it answers again without a restart of its own, and every stored order has exactly one event.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, deleteTestStreams, type TestDatabase, uniqueSubjectPrefix, waitFor } from '@cs/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../scripts/infra/net.mjs';
import { postgresUrl, startEmbeddedPostgres } from '../../scripts/infra/postgres.mjs';
import { ensureServicesBuilt } from '../e2e/processes/support/build.js';
import { answersAgain, expectNothingLostOrDoubled, readyzStatus, startOrders } from './support/pg-fault.js';
import { startPgLoad } from './support/pg-load.js';

/** How long PostgreSQL stays away: long enough for every pool to notice. */
const OUTAGE_MS = 4_000;
const cleanups: (() => Promise<unknown>)[] = [];
let server: Awaited<ReturnType<typeof startEmbeddedPostgres>>;
let port: number;
let dataDir: string;
let database: TestDatabase;
let natsUrl: string;
let subjectPrefix: string;

const startServer = () => startEmbeddedPostgres({ port, dataDir, startTimeoutMs: 60_000 });

beforeAll(async () => {
  await ensureServicesBuilt(['orders']);
  natsUrl = inject('natsUrl');
  subjectPrefix = uniqueSubjectPrefix();
  cleanups.push(() => deleteTestStreams(natsUrl, subjectPrefix));
  const scratch = await mkdtemp(join(tmpdir(), 'cs-pg-restart-'));
  cleanups.push(() => rm(scratch, { recursive: true, force: true }));
  dataDir = join(scratch, 'data');
  port = await freePort();
  server = await startServer();
  cleanups.push(() => server.stop());
  database = await createTestDatabase(postgresUrl({ host: '127.0.0.1', port, user: 'postgres' }), 'fault_pg_restart');
}, 240_000);

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

describe('a PostgreSQL restart under load', () => {
  it('is survived without a restart of the service: retryable refusals while it is away, nothing lost or doubled', async () => {
    const orders = await startOrders(database.url, natsUrl, subjectPrefix);
    cleanups.push(() => orders.stop());
    const load = await startPgLoad(orders, { httpWorkers: 3, grpcWorkers: 3 });
    const readyzDuringOutage: number[] = [];
    let refusedDuringOutage = 0;
    try {
      await waitFor('orders under load', () => load.ok().length >= 30, { timeoutMs: 30_000 });
      await server.stop();
      const stoppedAt = Date.now();
      // Probes through the outage (its length is the point, not a wait for a result).
      while (Date.now() - stoppedAt < OUTAGE_MS) {
        readyzDuringOutage.push(await readyzStatus(orders));
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      refusedDuringOutage = load.outcomes.filter((o) => o.kind === 'refused' && o.at > stoppedAt).length;
      server = await startServer();
      const restartedAt = Date.now();
      const recoveredMs = await answersAgain(load, orders, restartedAt, 20, 30_000);
      console.info(`[pg restart] first order accepted ${recoveredMs} ms after PostgreSQL was back`);
      await waitFor('/readyz to answer 200', async () => (await readyzStatus(orders)) === 200, {
        timeoutMs: 30_000,
        intervalMs: 100,
      });
    } finally {
      await load.stop();
    }

    expect(orders.exited(), orders.tail()).toBe(false);
    const refused = load.outcomes.filter((o) => o.kind !== 'ok');
    console.info(
      `[pg restart] ${load.ok().length} accepted, ${refused.length} refused (slowest ${Math.max(0, ...refused.map((o) => o.tookMs))} ms); /readyz while away: ${readyzDuringOutage.join(',')}`,
    );
    // Away: /readyz answered, and said 503; requests were refused, quickly (not held until a deadline).
    expect(readyzDuringOutage.length).toBeGreaterThan(5);
    expect(
      readyzDuringOutage.every((code) => code === 503),
      JSON.stringify(readyzDuringOutage),
    ).toBe(true);
    expect(refusedDuringOutage).toBeGreaterThan(0);
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      await expectNothingLostOrDoubled(load, admin, natsUrl, subjectPrefix);
    } finally {
      await admin.end();
    }
  }, 150_000);
});
