import { waitFor } from '@cs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headerRecord } from '../../src/cloud-event.codec.js';
import { OutboxRelay } from '../../src/outbox-relay.service.js';
import { type BusFixture, openBusFixture } from './support/bus.fixture.js';
import { changeAddress, ORDER_STATE_TABLE } from './support/order-events.js';

let fx: BusFixture;
let relay: OutboxRelay;

beforeAll(async () => {
  fx = await openBusFixture('relay_recovery');
  await fx.sql(ORDER_STATE_TABLE);
  relay = new OutboxRelay({
    databaseUrl: fx.databaseUrl,
    nc: fx.nc,
    source: '/cs/orders',
    subjectPrefix: fx.prefix,
    maxBackoffMs: 1000,
  });
  await relay.start();
});

afterAll(async () => {
  await relay?.stop();
  await fx?.close();
});

interface OutboxState {
  attempts: number;
  last_error: string | null;
  published: boolean;
}

async function outboxState(id: string): Promise<OutboxState | undefined> {
  const [row] = await fx.sql<OutboxState>(
    'select attempts, last_error, published_at is not null as published from cs_outbox where id = ?',
    [id],
  );
  return row;
}

describe('OutboxRelay when publishing fails', () => {
  it('keeps the row pending with attempts and the error while no stream takes the subject, then publishes it once the stream exists', async () => {
    const first = await changeAddress(fx.orm.em, 'order-1', 1);
    const second = await changeAddress(fx.orm.em, 'order-1', 2);

    const failing = await waitFor('the row to fail twice', async () => {
      const state = await outboxState(first);
      return state && state.attempts >= 2 ? state : undefined;
    });
    expect(failing.published).toBe(false);
    expect(failing.last_error).toMatch(/no JetStream stream answered/);
    // The aggregate's later event waits behind the failing one instead of overtaking it.
    expect(await outboxState(second)).toMatchObject({ published: false, attempts: 0 });
    expect(relay.stats().failed).toBeGreaterThanOrEqual(2);

    await fx.ensureOrderStreams();

    await waitFor('both rows published', async () => (await outboxState(second))?.published === true, {
      timeoutMs: 10_000,
    });
    expect(await outboxState(first)).toMatchObject({ published: true, last_error: null });
    const stored = await fx.storedMessages('CS_ORDERS');
    expect(stored.map((m) => headerRecord(m.header)['ce-id'])).toEqual([first, second]);
  });
});
