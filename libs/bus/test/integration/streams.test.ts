import { millis, nanos } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectBus } from '../../src/bus-connection.factory.js';
import { ensureStreams, STREAM_MAX_AGE_HOURS } from '../../src/streams.setup.js';
import { type BusFixture, openBusFixture } from './support/bus.fixture.js';

let fx: BusFixture;

beforeAll(async () => {
  fx = await openBusFixture('streams');
});

afterAll(async () => {
  await fx?.close();
});

describe('ensureStreams', () => {
  it('creates one file-backed stream per producer and the dead-letter stream, safely when replicas race', async () => {
    const options = { producers: ['orders', 'aftersales'], subjectPrefix: fx.prefix };
    await Promise.all([ensureStreams(fx.nc, options), ensureStreams(fx.nc, options), ensureStreams(fx.nc, options)]);

    const orders = await fx.jsm.streams.info(fx.stream('CS_ORDERS'));
    expect(orders.config).toMatchObject({
      subjects: [`${fx.prefix}.cs.orders.>`],
      storage: 'file',
      retention: 'limits',
    });
    expect(millis(orders.config.duplicate_window)).toBe(120_000);
    expect(millis(orders.config.max_age)).toBe(STREAM_MAX_AGE_HOURS * 3_600_000);
    const aftersales = await fx.jsm.streams.info(fx.stream('CS_AFTERSALES'));
    expect(aftersales.config.subjects).toEqual([`${fx.prefix}.cs.aftersales.>`]);
    const dlq = await fx.jsm.streams.info(fx.stream('CS_DLQ'));
    expect(dlq.config.subjects).toEqual([`${fx.prefix}.cs.dlq.>`]);
  });

  it('replicas starting at once, each on its own connection, all come up (the server may call the race an overlap)', async () => {
    const replicas = await Promise.all(
      Array.from({ length: 4 }, () => connectBus({ natsUrl: fx.natsUrl, serviceName: 'bus-test' })),
    );
    try {
      for (const producer of ['care', 'knowledge', 'complaints', 'inquiry', 'billing', 'loyalty']) {
        const options = { producers: [producer], subjectPrefix: fx.prefix };
        await Promise.all(replicas.map((nc) => ensureStreams(nc, options)));
        const info = await fx.jsm.streams.info(fx.stream(`CS_${producer.toUpperCase()}`));
        expect(info.config.subjects).toEqual([`${fx.prefix}.cs.${producer}.>`]);
      }
    } finally {
      await Promise.all(replicas.map((nc) => nc.close()));
    }
  });

  it('updates a stream whose settings drifted, and leaves a matching one alone', async () => {
    const name = fx.stream('CS_ORDERS');
    const current = (await fx.jsm.streams.info(name)).config;
    await fx.jsm.streams.update(name, { ...current, duplicate_window: nanos(10_000) });

    await ensureStreams(fx.nc, { producers: ['orders'], subjectPrefix: fx.prefix });
    expect(millis((await fx.jsm.streams.info(name)).config.duplicate_window)).toBe(120_000);

    await ensureStreams(fx.nc, { producers: ['orders'], subjectPrefix: fx.prefix, duplicateWindowMs: 300_000 });
    expect(millis((await fx.jsm.streams.info(name)).config.duplicate_window)).toBe(300_000);
  });

  it('gives a stream made before the services set a max age (kept for ever) the 90 days, keeping its events', async () => {
    const name = fx.stream('CS_LEGACY');
    await fx.jsm.streams.add({ name, subjects: [`${fx.prefix}.cs.legacy.>`], max_age: 0 });
    const js = (await import('@nats-io/jetstream')).jetstream(fx.nc);
    await js.publish(`${fx.prefix}.cs.legacy.thing.happened`, '{}');

    await ensureStreams(fx.nc, { producers: ['legacy'], subjectPrefix: fx.prefix });
    const info = await fx.jsm.streams.info(name);
    expect(millis(info.config.max_age)).toBe(STREAM_MAX_AGE_HOURS * 3_600_000);
    expect(info.state.messages).toBe(1);
  });

  it('absorbs a re-publish with the same Nats-Msg-Id inside the duplicate window', async () => {
    const js = (await import('@nats-io/jetstream')).jetstream(fx.nc);
    const subject = `${fx.prefix}.cs.orders.order.placed`;
    const first = await js.publish(subject, '{}', { msgID: 'same-id' });
    const again = await js.publish(subject, '{}', { msgID: 'same-id' });
    expect(first.duplicate).toBe(false);
    expect(again).toMatchObject({ duplicate: true, seq: first.seq });
  });
});
