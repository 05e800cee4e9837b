// Three replicas of one consuming service as real processes, sharing the event partitions; one is
// killed with SIGKILL in the middle of a batch while events keep coming. The other two take its
// partitions over once its leases lapse: every event is handled once, and each aggregate's events
// in version order, across the kill.
import type { ChildProcess } from 'node:child_process';
import { EVENT_PARTITIONS } from '@cs/bus';
import { waitFor } from '@cs/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { OutboxFault } from './support/outbox-fault.fixture.js';

const AGGREGATES = 24;
let fault: OutboxFault;

beforeAll(async () => {
  fault = await OutboxFault.open(
    { postgresUrl: inject('postgresUrl'), natsUrl: inject('natsUrl') },
    'fault_consumer_replica_kill',
  );
  await fault.orm.em
    .fork()
    .execute(
      'create table fault_handled (event_id text, aggregate_id text, version int, xid bigint, handled_at timestamptz not null default clock_timestamp())',
    );
}, 180_000);

afterAll(() => fault?.close());

const writeVersions = (from: number, to: number) => fault.writeVersions('replica', AGGREGATES, from, to);

async function rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return fault.orm.em.fork().execute<T[]>(sql, params);
}

/** Partitions held per worker pid (members are named "<service>@<host>:<pid>:<random>"). */
async function leasesByPid(): Promise<Map<number, number>> {
  const held = await rows<{ pid: string; n: string }>(
    `select split_part(member, ':', 2) as pid, count(*) as n from cs_partition_lease
      where until > now() and member <> '' group by 1`,
  );
  return new Map(held.map((r) => [Number(r.pid), Number(r.n)]));
}

describe('a consuming replica killed mid-batch while its partitions are shared', () => {
  it('hands its partitions to the others: each event handled once, each aggregate in order', async () => {
    await writeVersions(1, 5);
    const replicas: ChildProcess[] = [];
    replicas.push(await fault.startWorker('relay.worker.mjs', { RELAY_BATCH_SIZE: '50' }));
    const subscribers = await Promise.all(
      [1, 2, 3].map((n) =>
        fault.startWorker('subscriber.worker.mjs', {
          LEASE_RENEW_MS: '400',
          APPLICATION_NAME: `fault-subscriber-${n}`,
        }),
      ),
    );
    replicas.push(...subscribers);
    await waitFor(
      'the partitions shared out 3 / 3 / 2',
      async () => {
        const held = await leasesByPid();
        return subscribers.every((s) => (held.get(s.pid as number) ?? 0) >= 2);
      },
      { timeoutMs: 30_000 },
    );

    let written = 5;
    let feeding = true;
    const feeder = (async () => {
      while (feeding) await writeVersions(written + 1, ++written);
    })();
    try {
      const victim = subscribers[0] as ChildProcess;
      const pid = victim.pid as number;
      const victimPartitions = (await leasesByPid()).get(pid);
      // Caught with a batch transaction open (written, not committed), then killed.
      await waitFor(
        'the victim frozen mid-batch',
        async () => {
          process.kill(pid, 'SIGSTOP');
          const open = await rows<{ n: string }>(
            `select count(*) as n from pg_stat_activity
              where application_name = 'fault-subscriber-1' and backend_xid is not null`,
          );
          const busy = Number(open[0]?.n) > 0;
          if (busy) return true;
          process.kill(pid, 'SIGCONT');
          return false;
        },
        { timeoutMs: 30_000, intervalMs: 5 },
      );
      process.kill(pid, 'SIGKILL');
      const killedAt = Date.now();
      await waitFor(
        "the survivors hold the victim's partitions",
        async () => {
          const held = await leasesByPid();
          const survivors = subscribers.slice(1).reduce((sum, s) => sum + (held.get(s.pid as number) ?? 0), 0);
          return survivors === EVENT_PARTITIONS && !held.has(pid);
        },
        { timeoutMs: 30_000 },
      );
      console.info(
        `killed a replica holding ${victimPartitions} partitions; the others held all ${EVENT_PARTITIONS} after ${Date.now() - killedAt} ms`,
      );
    } finally {
      feeding = false;
      await feeder;
    }
    // More after the hand-over, for the survivors alone.
    await writeVersions(written + 1, written + 3);
    written += 3;

    const total = AGGREGATES * written;
    await waitFor(
      'every event handled',
      async () => Number((await rows<{ n: string }>('select count(*) as n from fault_handled'))[0]?.n) >= total,
      { timeoutMs: 60_000 },
    );
    const [counts] = await rows<{ rows: string; ids: string }>(
      'select count(*)::text as rows, count(distinct event_id)::text as ids from fault_handled',
    );
    expect(counts).toEqual({ rows: String(total), ids: String(total) });
    const handled = await rows<{ aggregate_id: string; version: number }>(
      'select aggregate_id, version from fault_handled order by handled_at',
    );
    const inOrder = Array.from({ length: written }, (_, i) => i + 1);
    for (let a = 0; a < AGGREGATES; a++) {
      const versions = handled.filter((r) => r.aggregate_id === `replica-${a}`).map((r) => r.version);
      expect(versions, `replica-${a}`).toEqual(inOrder);
    }
  }, 150_000);
});
