// Three outbox relay replicas as real processes on one outbox; one is killed with SIGKILL while it
// holds a lease mid-round, and writes continue. Every event reaches the stream exactly once, and each
// aggregate's events in the order they were written.
import { prefixStream } from '@cs/bus';
import { waitFor } from '@cs/testing';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { OutboxFault } from './support/outbox-fault.fixture.js';

const AGGREGATES = 40;
let fault: OutboxFault;

beforeAll(async () => {
  fault = await OutboxFault.open(
    { postgresUrl: inject('postgresUrl'), natsUrl: inject('natsUrl') },
    'fault_relay_kill',
  );
}, 180_000);

afterAll(() => fault?.close());

const startRelay = () => fault.startWorker('relay.worker.mjs', { RELAY_BATCH_SIZE: '50' });
const writeVersions = (from: number, to: number) => fault.writeVersions('kill', AGGREGATES, from, to);

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await fault.orm.em.fork().execute<{ n: string }[]>(sql, params);
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

    const info = await (await jetstreamManager(fault.nc)).streams.info(prefixStream(fault.prefix, 'CS_ORDERS'));
    expect(info.state.messages).toBe(total);
    const versions = new Map<string, number[]>();
    const ids = new Set<string>();
    const consumer = await jetstream(fault.nc).consumers.get(prefixStream(fault.prefix, 'CS_ORDERS'));
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
