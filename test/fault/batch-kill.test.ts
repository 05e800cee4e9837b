// kill -9 in the middle of a batch, on both sides of the stream: an outbox relay process while a
// round it claimed is in flight (rounds overlap), and a consuming process while a batch transaction
// (one inbox insert for the batch, then the handlers) is open. Both are restarted while writes go on.
// The stream holds every event once, each aggregate in order; the consumer handled every event once.
import type { ChildProcess } from 'node:child_process';
import { prefixStream } from '@cs/bus';
import { waitFor } from '@cs/testing';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { OutboxFault } from './support/outbox-fault.fixture.js';

const AGGREGATES = 20;
let fault: OutboxFault;

beforeAll(async () => {
  fault = await OutboxFault.open(
    { postgresUrl: inject('postgresUrl'), natsUrl: inject('natsUrl') },
    'fault_batch_kill',
  );
  await fault.orm.em
    .fork()
    .execute('create table fault_handled (event_id text, aggregate_id text, version int, xid bigint)');
}, 180_000);

afterAll(() => fault?.close());

const startWorker = (script: 'relay.worker.mjs' | 'subscriber.worker.mjs') =>
  fault.startWorker(script, {
    RELAY_BATCH_SIZE: '20',
    // A short lease: the killed relay's aggregates wait for it to expire.
    RELAY_LEASE_MS: '2500',
    RELAY_PUBLISH_TIMEOUT_MS: '1000',
  });
const writeVersions = (from: number, to: number) => fault.writeVersions('batch', AGGREGATES, from, to);

async function scalar(sql: string, params: unknown[] = []): Promise<string | undefined> {
  const [row] = await fault.orm.em.fork().execute<{ v: string }[]>(sql, params);
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

      const counts = await fault.orm.em
        .fork()
        .execute<{ rows: string; ids: string; biggest: string; killed: string }[]>(
          `select count(*)::text as rows, count(distinct event_id)::text as ids,
                  (select max(n) from (select count(*) as n from fault_handled group by xid) b)::text as biggest,
                  count(*) filter (where xid % 4294967296 = ?::bigint)::text as killed
             from fault_handled`,
          [xid],
        );
      expect(counts[0]).toMatchObject({ rows: String(total), ids: String(total), killed: '0' });
      expect(Number(counts[0]?.biggest), 'some transaction handled a batch of events').toBeGreaterThan(1);

      const info = await (await jetstreamManager(fault.nc)).streams.info(prefixStream(fault.prefix, 'CS_ORDERS'));
      expect(info.state.messages).toBe(total);
      const versions = new Map<string, number[]>();
      const messages = await (
        await jetstream(fault.nc).consumers.get(prefixStream(fault.prefix, 'CS_ORDERS'))
      ).consume();
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
