// kill -9 in the middle of a batch, on both sides of the stream: an outbox relay process while a
// round it claimed is in flight (rounds overlap), and a consuming process while a batch transaction
// (one inbox insert for the batch, then the handlers) is open. Both are restarted while writes go on.
// The stream holds every event once, each aggregate in order; the consumer handled every event once.
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { connectBus, ensureStreams, Outbox, prefixStream } from '@cs/bus';
import { migrate, openDatabase } from '@cs/persistence';
import { createTestDatabase, deleteTestStreams, type TestDatabase, uniqueSubjectPrefix, waitFor } from '@cs/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureServicesBuilt } from '../e2e/processes/support/build.js';

const AGGREGATES = 20;
const cleanups: (() => Promise<unknown>)[] = [];
const workers: ChildProcess[] = [];
let db: TestDatabase;
let orm: MikroORM;
let nc: NatsConnection;
let prefix: string;

beforeAll(async () => {
  await ensureServicesBuilt(['orders']); // the workers run the built @cs/bus, as services do
  db = await createTestDatabase(inject('postgresUrl'), 'fault_batch_kill');
  cleanups.push(() => db.drop());
  orm = await openDatabase({ url: db.url, entities: [], migrations: [] });
  cleanups.push(() => orm.close(true));
  await migrate(orm);
  await orm.em.fork().execute('create table fault_handled (event_id text, aggregate_id text, version int, xid bigint)');
  prefix = uniqueSubjectPrefix();
  nc = await connectBus({ natsUrl: inject('natsUrl'), serviceName: 'fault-test' });
  cleanups.push(() => deleteTestStreams(inject('natsUrl'), prefix));
  cleanups.push(() => nc.close());
  await ensureStreams(nc, { producers: ['orders'], subjectPrefix: prefix });
}, 180_000);

afterAll(async () => {
  for (const worker of workers) if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

function startWorker(script: 'relay.worker.mjs' | 'subscriber.worker.mjs'): Promise<ChildProcess> {
  // The test runner's own settings (NODE_OPTIONS, source conditions) would make the worker load TypeScript sources.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(VITEST|NODE_OPTIONS$)/.test(key)));
  const worker = fork(join(import.meta.dirname, 'support', script), [], {
    env: {
      ...env,
      DATABASE_URL: db.url,
      NATS_URL: inject('natsUrl'),
      SUBJECT_PREFIX: prefix,
      RELAY_BATCH_SIZE: '20',
      // A short lease: the killed relay's aggregates wait for it to expire.
      RELAY_LEASE_MS: '2500',
      RELAY_PUBLISH_TIMEOUT_MS: '1000',
    },
    execArgv: [],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  workers.push(worker);
  return new Promise((ready, fail) => {
    worker.once('message', () => ready(worker));
    worker.once('exit', (code) => fail(new Error(`${script} exited with ${code} before it was ready`)));
  });
}

async function writeVersions(from: number, to: number): Promise<void> {
  for (let version = from; version <= to; version++) {
    await orm.em.fork().transactional((em) =>
      Outbox.addMany(
        em,
        'cs.orders.order.address_changed',
        Array.from({ length: AGGREGATES }, (_, a) => ({
          payload: { orderId: `batch-${a}`, orderVersion: version } as never,
          meta: { aggregateId: `batch-${a}`, aggregateVersion: version },
        })),
      ),
    );
  }
}

async function scalar(sql: string, params: unknown[] = []): Promise<string | undefined> {
  const [row] = await orm.em.fork().execute<{ v: string }[]>(sql, params);
  return row?.v;
}

/** Freezes the worker at a moment `caught` finds it mid-batch, then kills it; returns what `caught` saw. */
async function killMidBatch(worker: ChildProcess, what: string, caught: () => Promise<string | undefined>) {
  const pid = worker.pid as number;
  const seen = await waitFor(
    `the ${what} frozen mid-batch`,
    async () => {
      process.kill(pid, 'SIGSTOP');
      const found = await caught();
      if (found) return found;
      process.kill(pid, 'SIGCONT');
      return undefined;
    },
    { timeoutMs: 30_000, intervalMs: 5 },
  );
  process.kill(pid, 'SIGKILL');
  return seen;
}

describe('kill -9 in the middle of a relay batch and of a consumer batch', () => {
  it('loses and doubles nothing, and the stream keeps each aggregate in order', async () => {
    await writeVersions(1, 10);
    const [relay, subscriber] = await Promise.all([
      startWorker('relay.worker.mjs'),
      startWorker('subscriber.worker.mjs'),
    ]);
    let written = 10;
    let feeding = true;
    const feeder = (async () => {
      while (feeding) await writeVersions(written + 1, ++written);
    })();
    try {
      // The subscriber first: with the relay gone, no new events would keep it busy.
      // A backend of the subscriber that has written in its open transaction: a batch not yet committed.
      const xid = await killMidBatch(subscriber, 'subscriber', () =>
        scalar(
          `select backend_xid::text as v from pg_stat_activity
            where application_name = 'fault-subscriber' and backend_xid is not null limit 1`,
        ),
      );
      const leases = await killMidBatch(relay, 'relay', () =>
        scalar('select count(*)::text as v from cs_outbox_lease where until > now() and relay like ?', [
          `%:${relay.pid}:%`,
        ]).then((n) => (Number(n) > 0 ? n : undefined)),
      );
      console.info(`killed the relay holding ${leases} leases, the subscriber in transaction ${xid}`);
      feeding = false;
      await feeder;
      // The replacements start with the victims' leases and unacked messages outstanding, and more writes.
      await Promise.all([startWorker('relay.worker.mjs'), startWorker('subscriber.worker.mjs')]);
      await writeVersions(written + 1, written + 3);
      written += 3;
      const total = AGGREGATES * written;
      await waitFor(
        'every event handled',
        async () => Number(await scalar('select count(distinct event_id)::text as v from fault_handled')) >= total,
        { timeoutMs: 60_000 },
      );

      const counts = await orm.em.fork().execute<{ rows: string; ids: string; biggest: string; killed: string }[]>(
        `select count(*)::text as rows, count(distinct event_id)::text as ids,
                  (select max(n) from (select count(*) as n from fault_handled group by xid) b)::text as biggest,
                  count(*) filter (where xid % 4294967296 = ?::bigint)::text as killed
             from fault_handled`,
        [xid],
      );
      expect(counts[0]).toMatchObject({ rows: String(total), ids: String(total), killed: '0' });
      expect(Number(counts[0]?.biggest), 'some transaction handled a batch of events').toBeGreaterThan(1);

      const info = await (await jetstreamManager(nc)).streams.info(prefixStream(prefix, 'CS_ORDERS'));
      expect(info.state.messages).toBe(total);
      const versions = new Map<string, number[]>();
      const messages = await (await jetstream(nc).consumers.get(prefixStream(prefix, 'CS_ORDERS'))).consume();
      for await (const m of messages) {
        const aggregate = m.headers?.get('ce-subject') ?? '';
        versions.set(aggregate, [...(versions.get(aggregate) ?? []), Number(m.headers?.get('ce-aggregateversion'))]);
        if (m.info.pending === 0) break;
      }
      const inOrder = Array.from({ length: written }, (_, i) => i + 1);
      for (let a = 0; a < AGGREGATES; a++) expect(versions.get(`batch-${a}`), `batch-${a}`).toEqual(inOrder);
    } finally {
      feeding = false;
      await feeder;
    }
  }, 120_000);
});
