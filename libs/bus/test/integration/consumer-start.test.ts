import { waitFor } from '@cs/testing';
import { jetstream } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noopLogger } from '../../src/bus-logger.util.js';
import { consumerRoute } from '../../src/consumer-route.model.js';
import { type ConsumerStart, ensureDurableConsumer } from '../../src/durable-consumer.setup.js';
import { type BusFixture, openBusFixture } from './support/bus.fixture.js';

let fx: BusFixture;

beforeAll(async () => {
  fx = await openBusFixture('consumer_start');
  await fx.ensureOrderStreams();
});

afterAll(async () => {
  await fx?.close();
});

const SUBJECT = 'cs.orders.order.address_changed';

/** Publishes one event and returns its stream sequence and the time the server stored it. */
async function publish(n: number): Promise<{ seq: number; time: Date }> {
  const ack = await jetstream(fx.nc).publish(`${fx.prefix}.${SUBJECT}`, JSON.stringify({ n }));
  const stored = await fx.jsm.streams.getMessage(fx.stream('CS_ORDERS'), { seq: ack.seq });
  if (!stored) throw new Error(`message ${ack.seq} not stored`);
  // The start time has millisecond precision: keep the next event out of this one's millisecond.
  await waitFor('the clock to pass this event', () => Date.now() > stored.time.getTime() + 2, { timeoutMs: 1_000 });
  return { seq: ack.seq, time: stored.time };
}

/** A durable consumer of its own (named after the test) created with the given start point. */
async function createConsumer(name: string, start?: ConsumerStart) {
  const route = consumerRoute(name, SUBJECT, fx.prefix);
  const settings = { serviceName: name, ackWaitMs: 30_000, maxAckPending: 100, ...(start ? { start } : {}) };
  await ensureDurableConsumer(fx.jsm, route, settings, noopLogger);
  return { route, settings };
}

/** The sequences the consumer delivers, until the server says none are pending (no waiting for silence). */
async function drain(durable: string): Promise<number[]> {
  const consumer = await jetstream(fx.nc).consumers.get(fx.stream('CS_ORDERS'), durable);
  const seqs: number[] = [];
  while ((await consumer.info()).num_pending > 0) {
    const batch = await consumer.fetch({ max_messages: 10, expires: 2_000 });
    for await (const message of batch) {
      seqs.push(message.seq);
      message.ack();
    }
  }
  return seqs;
}

describe('where a new durable consumer starts', () => {
  it('"time" starts at T: the events stored from T on, none before', async () => {
    const first = await publish(1);
    const second = await publish(2);
    const third = await publish(3);
    const { route } = await createConsumer('from-time', { from: 'time', time: second.time });

    const info = await fx.jsm.consumers.info(route.stream, route.durable);
    expect(info.config.deliver_policy).toBe('by_start_time');
    expect(await drain(route.durable)).toEqual([second.seq, third.seq]);
    expect(first.seq).toBeLessThan(second.seq);
  });

  it('"new" delivers only what is published after it is created', async () => {
    await publish(4);
    const { route } = await createConsumer('from-now', { from: 'new' });
    expect((await fx.jsm.consumers.info(route.stream, route.durable)).num_pending).toBe(0);
    const later = await publish(5);
    await waitFor('the new event is pending', async () => {
      return (await fx.jsm.consumers.info(route.stream, route.durable)).num_pending === 1;
    });
    expect(await drain(route.durable)).toEqual([later.seq]);
  });

  it("a handler's own start point (@OnEvent's `start`, carried by its route) wins over the transport's", async () => {
    const first = await publish(6);
    const second = await publish(7);
    const route = consumerRoute('route-own-start', SUBJECT, fx.prefix, { from: 'time', time: second.time });
    await ensureDurableConsumer(
      fx.jsm,
      route,
      { serviceName: 'route-own-start', ackWaitMs: 30_000, maxAckPending: 100, start: { from: 'all' } },
      noopLogger,
    );
    expect(await drain(route.durable)).toEqual([second.seq]);
    expect(first.seq).toBeLessThan(second.seq);
  });

  it('by default (the platform consumers) replays everything the stream holds, and a later start point changes nothing', async () => {
    const all = (await fx.jsm.streams.info(fx.stream('CS_ORDERS'))).state.messages;
    const { route, settings } = await createConsumer('from-all');
    const info = await fx.jsm.consumers.info(route.stream, route.durable);
    expect(info.config.deliver_policy).toBe('all');
    expect(info.num_pending).toBe(all);

    // Only creation reads the start point: an existing consumer keeps its position.
    await ensureDurableConsumer(fx.jsm, route, { ...settings, start: { from: 'new' } }, noopLogger);
    const after = await fx.jsm.consumers.info(route.stream, route.durable);
    expect(after.config.deliver_policy).toBe('all');
    expect(after.num_pending).toBe(all);
  });
});
