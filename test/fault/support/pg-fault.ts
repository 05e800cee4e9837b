// Shared by the PostgreSQL fault tests (pg-connections-cut, pg-restart): orders as a real process on
// a database of the test's own, the sessions of its pools by application_name, and the checks every
// such test ends with: nothing lost, nothing doubled, only retryable refusals.
import { prefixStream, prefixSubject, withoutPartition } from '@cs/bus';
import { DATABASE_UNAVAILABLE } from '@cs/grpc';
import { testAuthEnv, waitFor } from '@cs/testing';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type pg from 'pg';
import { expect } from 'vitest';
import {
  freePorts,
  type ServiceProcess,
  spawnServiceProcess,
  waitUntilReady,
} from '../../e2e/processes/support/service-process.js';
import type { Outcome, PgLoad } from './pg-load.js';

/** application_name of each pool (@cs/persistence ORM_APPLICATION_NAME, @cs/bus RELAY_APPLICATION_NAME, @cs/audit AUDIT_APPLICATION_NAME). */
export const SESSIONS = { orm: 'cs-orm', relay: 'cs-outbox-relay', audit: 'cs-audit' } as const;

export async function startOrders(
  databaseUrl: string,
  natsUrl: string,
  subjectPrefix: string,
): Promise<ServiceProcess> {
  const [httpPort, grpcPort] = (await freePorts(2)) as [number, number];
  const service = spawnServiceProcess({
    name: 'orders',
    databaseUrl,
    natsUrl,
    subjectPrefix,
    httpPort,
    grpcPort,
    env: {
      ...(await testAuthEnv('orders')),
      // The load is one caller: the intake rate limit is not what these tests measure.
      INTAKE_RATE_PER_SECOND: '1000000',
      INTAKE_BURST: '1000000',
      LOG_LEVEL: 'warn',
    },
  });
  await waitUntilReady(service);
  return service;
}

/** pg_terminate_backend on every session named `applicationName`; returns how many were ended. */
export async function terminateSessions(admin: pg.Client, applicationName: string): Promise<number> {
  const { rows } = await admin.query<{ ended: boolean }>(
    `select pg_terminate_backend(pid) as ended from pg_stat_activity
     where datname = current_database() and application_name = $1 and pid <> pg_backend_pid()`,
    [applicationName],
  );
  return rows.filter((row) => row.ended).length;
}

export async function readyzStatus(service: ServiceProcess): Promise<number> {
  const response = await fetch(`${service.httpUrl}/readyz`, { signal: AbortSignal.timeout(3_000) }).catch(
    () => undefined,
  );
  return response?.status ?? 0;
}

/** Resolves once `count` requests made after `since` succeeded (how long the first took); fails at once if the service died. */
export async function answersAgain(
  load: PgLoad,
  service: ServiceProcess,
  since: number,
  count: number,
  timeoutMs: number,
): Promise<number> {
  const outcome = await waitFor(
    `${count} orders accepted again`,
    () =>
      service.exited() ? 'exited' : load.ok().filter((o) => o.at > since).length >= count ? 'answering' : undefined,
    { timeoutMs, intervalMs: 20 },
  );
  if (outcome === 'exited') throw new Error(`${service.name} exited:\n${service.tail()}`);
  return (
    Math.min(
      ...load
        .ok()
        .filter((o) => o.at > since)
        .map((o) => o.at),
    ) - since
  );
}

/** The service's own answer to a lost database: gRPC UNAVAILABLE or HTTP 503 (a refused connection means it died). */
export const isRetryableAnswer = (outcome: Outcome) =>
  outcome.kind === 'refused' && outcome.what.includes(DATABASE_UNAVAILABLE);

/** A refusal comes within the pool's acquire timeout (5 s by default), not at the caller's deadline. */
const REFUSED_WITHIN_MS = 8_000;

/**
 * Every request answered ok or refused retryably by the service itself; every acknowledged order is
 * stored, nothing stored that nobody asked for, and each stored order has exactly one order.placed
 * event on the stream once the outbox has drained.
 */
export async function expectNothingLostOrDoubled(
  load: PgLoad,
  db: pg.Client,
  natsUrl: string,
  subjectPrefix: string,
): Promise<void> {
  const failures = load.outcomes.filter((o) => o.kind !== 'ok');
  expect(failures.filter((o) => !isRetryableAnswer(o)).slice(0, 5)).toEqual([]);
  expect(failures.filter((o) => o.tookMs > REFUSED_WITHIN_MS).slice(0, 5)).toEqual([]);
  const stored = new Set((await db.query<{ id: string }>('select id from orders')).rows.map((row) => row.id));
  expect(
    load
      .ok()
      .filter((o) => !stored.has(o.id))
      .map((o) => o.id),
  ).toEqual([]);
  const attempted = new Set(load.outcomes.map((o) => o.id));
  expect([...stored].filter((id) => !attempted.has(id))).toEqual([]);
  await waitFor(
    'the outbox to drain',
    async () =>
      Number((await db.query('select count(*) as n from cs_outbox where published_at is null')).rows[0].n) === 0,
    { timeoutMs: 60_000, intervalMs: 100 },
  );
  const perOrder = await placedEventCounts(natsUrl, subjectPrefix);
  expect([...perOrder].filter(([, n]) => n !== 1)).toEqual([]);
  expect(new Set(perOrder.keys())).toEqual(stored);
}

/** How many cs.orders.order.placed events this prefix's CS_ORDERS stream holds per order id. */
async function placedEventCounts(natsUrl: string, subjectPrefix: string): Promise<Map<string, number>> {
  const nc = await connect({ servers: natsUrl.split(',') });
  try {
    const stream = prefixStream(subjectPrefix, 'CS_ORDERS');
    const subject = prefixSubject(subjectPrefix, 'cs.orders.order.placed');
    const { state } = await (await jetstreamManager(nc)).streams.info(stream);
    const consumer = await jetstream(nc).consumers.get(stream);
    const perOrder = new Map<string, number>();
    for (let read = 0; read < state.messages; ) {
      const before = read;
      for await (const message of await consumer.fetch({ max_messages: 1000, expires: 2_000 })) {
        read++;
        if (withoutPartition(message.subject) !== subject) continue;
        const orderId = message.json<{ order?: { orderId?: string } }>().order?.orderId ?? '?';
        perOrder.set(orderId, (perOrder.get(orderId) ?? 0) + 1);
      }
      if (read === before) throw new Error(`read ${read} of ${state.messages} messages of ${stream}, then nothing`);
    }
    return perOrder;
  } finally {
    await nc.close();
  }
}
