// Three outbox relay replicas as real processes on one outbox; one is killed with SIGKILL while it
// holds a lease mid-round, and writes continue. Every event reaches the stream exactly once, and each
// aggregate's events in the order they were written.
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

const AGGREGATES = 40;
const cleanups: (() => Promise<unknown>)[] = [];
const workers: ChildProcess[] = [];
let db: TestDatabase;
let orm: MikroORM;
let nc: NatsConnection;
let prefix: string;

beforeAll(async () => {
  // The workers run the built @cs/bus (as services do). Built only when stale, like the process
  // suites: an unconditional build would rewrite dist under services other test files are starting.
  await ensureServicesBuilt(['orders']);
  db = await createTestDatabase(inject('postgresUrl'), 'fault_relay_kill');
  cleanups.push(() => db.drop());
  orm = await openDatabase({ url: db.url, entities: [], migrations: [] });
  cleanups.push(() => orm.close(true));
  await migrate(orm);
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

function startRelay(): Promise<ChildProcess> {
  // The test runner's own settings (NODE_OPTIONS, source conditions) would make the worker load TypeScript sources.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(VITEST|NODE_OPTIONS$)/.test(key)));
  const worker = fork(join(import.meta.dirname, 'support/relay.worker.mjs'), [], {
    env: { ...env, DATABASE_URL: db.url, NATS_URL: inject('natsUrl'), SUBJECT_PREFIX: prefix, RELAY_BATCH_SIZE: '50' },
    execArgv: [],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  workers.push(worker);
  return new Promise((ready, fail) => {
    worker.once('message', () => ready(worker));
    worker.once('exit', (code) => fail(new Error(`relay worker exited with ${code} before it was ready`)));
  });
}

/** One transaction per version: an address change of every aggregate, as a campaign page would write them. */
async function writeVersions(from: number, to: number): Promise<void> {
  for (let version = from; version <= to; version++) {
    await orm.em.fork().transactional((em) =>
      Outbox.addMany(
        em,
        'cs.orders.order.address_changed',
        Array.from({ length: AGGREGATES }, (_, a) => ({
          payload: { orderId: `kill-${a}`, orderVersion: version } as never,
          meta: { aggregateId: `kill-${a}`, aggregateVersion: version },
        })),
      ),
    );
  }
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await orm.em.fork().execute<{ n: string }[]>(sql, params);
  return Number(row?.n);
}

describe('outbox relays as processes, one killed mid-round', () => {
  it('publishes every event once and each aggregate in order', async () => {
    await writeVersions(1, 40);
    const [victim] = await Promise.all([startRelay(), startRelay()]);
    const pid = victim?.pid as number;
    await waitFor(
      'some events published',
      async () => (await count('select count(*) as n from cs_outbox where published_at is not null')) >= 300,
      { timeoutMs: 30_000 },
    );

    // Writes continue while the victim is caught, so it always has rounds to run: however fast the
    // relays drain, there is a moment it holds a live lease.
    let written = 40;
    let feeding = true;
    const feeder = (async () => {
      while (feeding) await writeVersions(written + 1, ++written);
    })();
    // Freeze the victim at a moment it holds a live lease (so the kill lands mid-round), then kill it.
    const held = await waitFor(
      'the victim frozen holding a lease',
      async () => {
        process.kill(pid, 'SIGSTOP');
        const leased = await count('select count(*) as n from cs_outbox_lease where until > now() and relay like ?', [
          `%:${pid}:%`,
        ]);
        if (leased > 0) return leased;
        process.kill(pid, 'SIGCONT');
        return undefined;
      },
      { timeoutMs: 30_000, intervalMs: 5 },
    ).finally(() => {
      feeding = false;
    });
    await feeder;
    process.kill(pid, 'SIGKILL');
    console.info(`killed relay ${pid} holding leases on ${held} aggregates`);

    const last = written + 10;
    await Promise.all([startRelay(), writeVersions(written + 1, last)]);
    const total = AGGREGATES * last;
    await waitFor(
      'every event published',
      async () => (await count('select count(*) as n from cs_outbox where published_at is null')) === 0,
      { timeoutMs: 60_000 },
    );

    const info = await (await jetstreamManager(nc)).streams.info(prefixStream(prefix, 'CS_ORDERS'));
    expect(info.state.messages).toBe(total);
    const versions = new Map<string, number[]>();
    const ids = new Set<string>();
    const consumer = await jetstream(nc).consumers.get(prefixStream(prefix, 'CS_ORDERS'));
    const messages = await consumer.consume();
    for await (const m of messages) {
      const aggregate = m.headers?.get('ce-subject') ?? '';
      versions.set(aggregate, [...(versions.get(aggregate) ?? []), Number(m.headers?.get('ce-aggregateversion'))]);
      ids.add(m.headers?.get('ce-id') ?? '');
      if (m.info.pending === 0) break;
    }
    expect(ids.size).toBe(total);
    const inOrder = Array.from({ length: last }, (_, i) => i + 1);
    for (let a = 0; a < AGGREGATES; a++) expect(versions.get(`kill-${a}`), `kill-${a}`).toEqual(inOrder);
  }, 150_000);
});
