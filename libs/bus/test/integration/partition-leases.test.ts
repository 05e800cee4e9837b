import { waitFor } from '@cs/testing';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { JsMsg } from '@nats-io/jetstream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PartitionNotHeldError, recordInInbox } from '../../src/fenced-inbox.js';
import { EVENT_PARTITIONS } from '../../src/naming.util.js';
import { PartitionLeases, type PartitionReader } from '../../src/partition-leases.js';
import { type BusFixture, openBusFixture } from './support/bus.fixture.js';

let fx: BusFixture;
const running: PartitionLeases[] = [];
const quiet = { info() {}, warn() {}, error() {} };
const ALL = Array.from({ length: EVENT_PARTITIONS }, (_, p) => p);

beforeAll(async () => {
  fx = await openBusFixture('partition_leases');
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((leases) => leases.stop()));
  await fx.sql('delete from cs_partition_lease');
  await fx.sql('delete from cs_consumer_member');
});

afterAll(async () => {
  await fx?.close();
});

/** Records when each partition was read and stopped, as a RouteConsumer would be told. */
class RecordingReader implements PartitionReader {
  readonly reading = new Set<number>();
  readonly startedAt = new Map<number, number>();
  readonly stoppedAt = new Map<number, number>();
  constructor(private readonly settled = true) {}
  read(partitions: readonly number[]): void {
    for (const p of partitions) {
      this.reading.add(p);
      this.startedAt.set(p, Date.now());
    }
  }
  async stopReading(partitions: readonly number[]): Promise<boolean> {
    for (const p of partitions) {
      this.reading.delete(p);
      this.stoppedAt.set(p, Date.now());
    }
    return this.settled;
  }
}

async function startReplica(
  member: string,
  reader: PartitionReader,
  { orm = fx.orm, ackWaitMs = 300, renewEveryMs = 100 } = {},
): Promise<PartitionLeases> {
  const leases = new PartitionLeases(
    { orm, member, leaseMs: ackWaitMs + 4 * renewEveryMs, renewEveryMs, ackWaitMs, logger: quiet },
    reader,
  );
  await leases.start();
  running.push(leases);
  return leases;
}

function message(partition: number): JsMsg {
  return { subject: `${fx.prefix}.cs.orders.order.address_changed.${partition}` } as JsMsg;
}

describe('partition leases', () => {
  it('gives one replica every partition, shares them out as others join, and never lets two read one', async () => {
    const readers = [new RecordingReader(), new RecordingReader(), new RecordingReader()];
    const first = await startReplica('first', readers[0] as RecordingReader);
    expect(first.partitions).toEqual(ALL);

    await startReplica('second', readers[1] as RecordingReader);
    await startReplica('third', readers[2] as RecordingReader);
    await waitFor(
      '3 / 3 / 2',
      () =>
        readers
          .map((r) => r.reading.size)
          .sort()
          .join() === '2,3,3',
    );
    const union = readers.flatMap((r) => [...r.reading]).sort((a, b) => a - b);
    expect(union).toEqual(ALL);
    const rows = await fx.sql<{ partition: number; member: string }>(
      'select partition, member from cs_partition_lease',
    );
    expect(rows).toHaveLength(EVENT_PARTITIONS);
  });

  it("takes over a replica's partitions only after it has stopped reading them, when it can no longer renew", async () => {
    // The first replica's database, as it sees it: cut at will.
    let reachable = true;
    const unreachable = () => Promise.reject(Object.assign(new Error('Connection terminated unexpectedly'), {}));
    const cutOrm = {
      em: {
        fork: () => (reachable ? fx.orm.em.fork() : { execute: unreachable, transactional: unreachable }),
      },
    } as unknown as MikroORM;
    const cut = new RecordingReader();
    await startReplica('cut-off', cut, { orm: cutOrm });
    const survivor = new RecordingReader();
    await startReplica('survivor', survivor);
    await waitFor('4 / 4', () => cut.reading.size === 4 && survivor.reading.size === 4);
    const cutHeld = [...cut.reading];

    reachable = false;
    await waitFor('the survivor reads every partition', () => survivor.reading.size === EVENT_PARTITIONS, {
      timeoutMs: 5000,
    });
    expect(cut.reading.size).toBe(0);
    for (const p of cutHeld) {
      expect(survivor.startedAt.get(p), `partition ${p}`).toBeGreaterThanOrEqual(cut.stoppedAt.get(p) ?? Infinity);
    }
  });

  it('keeps a claim waiting while the old holder commits, and refuses the old holder afterwards', async () => {
    await fx.sql(
      `insert into cs_partition_lease (partition, member, until)
       select p, 'old-holder', clock_timestamp() + interval '200 milliseconds' from generate_series(0, 7) p`,
    );
    let commit!: () => void;
    const gate = new Promise<void>((resolve) => {
      commit = resolve;
    });
    let fresh: Set<string> | undefined;
    const inFlight = fx.orm.em.fork().transactional(async (em) => {
      fresh = await recordInInbox(em, { member: 'old-holder' }, 'printing__x', 'cs.orders.order.address_changed', [
        { msg: message(3), id: 'in-flight' },
      ]);
      await gate;
    });
    await waitFor('the old holder recorded its message', () => fresh?.has('in-flight') === true);

    const next = new RecordingReader();
    const claiming = startReplica('next-holder', next);
    await waitFor('the claim waits for the old holder', async () => {
      const waiting = await fx.sql<{ n: string }>(
        `select count(*) as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock' and query like 'delete from cs_partition_lease%'`,
      );
      return Number(waiting[0]?.n) === 1;
    });
    expect(next.reading.size).toBe(0);
    commit();
    await inFlight;
    await claiming;
    await waitFor('the next holder reads every partition', () => next.reading.size === EVENT_PARTITIONS);

    const refused = fx.orm.em
      .fork()
      .transactional((em) =>
        recordInInbox(em, { member: 'old-holder' }, 'printing__x', 'cs.orders.order.address_changed', [
          { msg: message(3), id: 'too-late' },
        ]),
      );
    await expect(refused).rejects.toBeInstanceOf(PartitionNotHeldError);
    const [row] = await fx.sql<{ n: string }>("select count(*) as n from cs_inbox where message_id = 'too-late'");
    expect(Number(row?.n)).toBe(0);
  });

  it('leaves a partition held by nobody for the ack wait when messages of it may still be out', async () => {
    const unsettled = new RecordingReader(false);
    await startReplica('unsettled', unsettled, { ackWaitMs: 800 });
    const joiner = new RecordingReader();
    await startReplica('joiner', joiner, { ackWaitMs: 800 });
    await waitFor('the joiner reads half', () => joiner.reading.size === 4, { timeoutMs: 5000 });
    for (const p of joiner.reading) {
      const gap = (joiner.startedAt.get(p) ?? 0) - (unsettled.stoppedAt.get(p) ?? Infinity);
      expect(gap, `partition ${p}`).toBeGreaterThanOrEqual(700);
    }
  });
});
