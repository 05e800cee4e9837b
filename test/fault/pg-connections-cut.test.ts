// PostgreSQL connections terminated (pg_terminate_backend, by application_name) under continuing
// HTTP and gRPC command load on orders: the outbox relay's, the audit trail's and every ORM
// connection, each three times over. The process lives through all of it, requests that lost
// their connection are refused retryably (UNAVAILABLE / 503) and few, the service answers again
// within a bound without a restart, /readyz recovers, and every stored order has exactly one event.
import { createTestDatabase, deleteTestStreams, type TestDatabase, uniqueSubjectPrefix, waitFor } from '@cs/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureServicesBuilt } from '../e2e/processes/support/build.js';
import type { ServiceProcess } from '../e2e/processes/support/service-process.js';
import {
  answersAgain,
  expectNothingLostOrDoubled,
  readyzStatus,
  SESSIONS,
  startOrders,
  terminateSessions,
} from './support/pg-fault.js';
import { type PgLoad, startPgLoad } from './support/pg-load.js';

/** A request that lost its connection is refused; this many at most over all nine cuts (six workers). */
const MAX_REFUSED = 60;
/** From a cut to the next accepted order: the pool reconnects on demand, no backoff in the way. */
const ANSWERS_AGAIN_WITHIN_MS = 10_000;
const cleanups: (() => Promise<unknown>)[] = [];
let database: TestDatabase;
let admin: pg.Client;
let natsUrl: string;
let subjectPrefix: string;

beforeAll(async () => {
  await ensureServicesBuilt(['orders']);
  natsUrl = inject('natsUrl');
  subjectPrefix = uniqueSubjectPrefix();
  cleanups.push(() => deleteTestStreams(natsUrl, subjectPrefix));
  database = await createTestDatabase(inject('postgresUrl'), 'fault_pg_cut');
  cleanups.push(() => database.drop());
  admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  cleanups.push(() => admin.end());
}, 240_000);

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

/** Three times: ends a session named `applicationName` as soon as one is open, then waits for orders to be accepted again. */
async function cutThreeTimes(applicationName: string, load: PgLoad, orders: ServiceProcess): Promise<void> {
  for (let cut = 0; cut < 3; cut++) {
    await waitFor(
      `a ${applicationName} session to cut`,
      async () => (await terminateSessions(admin, applicationName)) > 0,
      { timeoutMs: 10_000, intervalMs: 5 },
    );
    await answersAgain(load, orders, Date.now(), 5, ANSWERS_AGAIN_WITHIN_MS);
  }
}

describe('PostgreSQL connections terminated under load', () => {
  it('costs only the requests using them: the relay, the audit trail and the ORM pool recover on their own', async () => {
    const orders = await startOrders(database.url, natsUrl, subjectPrefix);
    cleanups.push(() => orders.stop());
    const load = await startPgLoad(orders, { httpWorkers: 3, grpcWorkers: 3 });
    const recoveriesMs: number[] = [];
    try {
      await waitFor('orders under load', () => load.ok().length >= 30, { timeoutMs: 30_000 });

      // The relay's sessions, mid-round: it claims, publishes and records while orders keep arriving.
      await cutThreeTimes(SESSIONS.relay, load, orders);
      expect(orders.exited(), orders.tail()).toBe(false);

      // The audit trail's session, which every command's record is appended on before its reply.
      await cutThreeTimes(SESSIONS.audit, load, orders);
      expect(orders.exited(), orders.tail()).toBe(false);

      // Every ORM connection, three times over (the second time used to wedge the pool for good).
      for (let cut = 0; cut < 3; cut++) {
        const at = Date.now();
        expect(await terminateSessions(admin, SESSIONS.orm), `cut ${cut}: ORM sessions`).toBeGreaterThan(0);
        recoveriesMs.push(await answersAgain(load, orders, at, 10, ANSWERS_AGAIN_WITHIN_MS));
      }
      await waitFor('/readyz to answer 200', async () => (await readyzStatus(orders)) === 200, {
        timeoutMs: 15_000,
        intervalMs: 100,
      });
    } finally {
      await load.stop();
    }

    expect(orders.exited(), orders.tail()).toBe(false);
    const refused = load.outcomes.filter((o) => o.kind !== 'ok');
    console.info(
      `[pg cut] ${load.ok().length} accepted, ${refused.length} refused (slowest ${Math.max(0, ...refused.map((o) => o.tookMs))} ms), ` +
        `first accepted after each ORM cut: ${recoveriesMs.join(', ')} ms`,
    );
    expect(refused.length, JSON.stringify(refused.slice(0, 5))).toBeLessThanOrEqual(MAX_REFUSED);
    await expectNothingLostOrDoubled(load, admin, natsUrl, subjectPrefix);
  }, 150_000);
});
