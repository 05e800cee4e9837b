import { metricsRegistry } from '@cs/telemetry';
import { waitFor } from '@cs/testing';
import type { JetStreamManager } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { consumerMetrics, PENDING_READ_TIMEOUT_MS } from '../../src/consumer.metrics.js';
import { consumerRoute, partitionRoute } from '../../src/consumer-route.model.js';
import { ensureDurableConsumer, START_FROM_ALL } from '../../src/durable-consumer.setup.js';
import { durableName, partitionDurableName, partitionOf } from '../../src/naming.util.js';
import { type BusFixture, openBusFixture } from './support/bus.fixture.js';
import {
  DeskBehaviour,
  PRINTING_DESK_TABLE,
  type RunningDesk,
  startPrintingDesk,
} from './support/printing-desk.app.js';
import { publishAddressChanged } from './support/publish.helper.js';

let fx: BusFixture;
const PRINTING_DURABLE = durableName('printing', 'cs.orders.order.address_changed');
let desk: RunningDesk | undefined;

beforeAll(async () => {
  fx = await openBusFixture('consumer_metrics');
  await fx.sql(PRINTING_DESK_TABLE);
  await fx.ensureOrderStreams();
});

afterAll(async () => {
  await desk?.close();
  await fx?.close();
});

async function pendingSamples() {
  const metric = metricsRegistry.getSingleMetric('cs_consumer_pending_messages');
  return (await (metric as NonNullable<typeof metric>).get()).values;
}

async function pendingValues(): Promise<Record<string, number>> {
  return Object.fromEntries((await pendingSamples()).map((v) => [String(v.labels.consumer), v.value]));
}

async function pendingSeries(consumer: string): Promise<Record<string, unknown> | undefined> {
  return (await pendingSamples()).find((v) => v.labels.consumer === consumer)?.labels;
}

async function deadLetterCount(subject: string): Promise<number> {
  const metric = metricsRegistry.getSingleMetric('cs_dead_letters_total');
  const { values } = await (metric as NonNullable<typeof metric>).get();
  return values.find((v) => v.labels.subject === subject)?.value ?? 0;
}

describe('consumer metrics', () => {
  it('cs_consumer_pending_messages reads num_pending + num_ack_pending of each durable consumer at scrape', async () => {
    const route = partitionRoute(
      consumerRoute('gaugedesk', 'cs.orders.order.address_changed', fx.prefix),
      partitionOf('g-1'),
    );
    await ensureDurableConsumer(
      fx.jsm,
      route,
      { serviceName: 'gaugedesk', ackWaitMs: 30_000, maxAckPending: 1000, start: START_FROM_ALL },
      { info() {}, warn() {}, error() {} } as never,
    );
    const source = { jsm: fx.jsm, routes: () => [route] };
    consumerMetrics.observe(source);
    try {
      for (const version of [1, 2, 3]) await publishAddressChanged(fx, { orderId: 'g-1', version });
      expect((await pendingValues())[route.durable]).toBe(3);
      // Labelled with its subject too, so dashboards and the lag alert can sum the partitions of one.
      expect(await pendingSeries(route.durable)).toEqual({ consumer: route.durable, subject: route.subject });
    } finally {
      consumerMetrics.forget(source);
    }
    expect(await pendingValues()).not.toHaveProperty(route.durable);
  });

  it('leaves out a consumer JetStream does not report on, in bounded time, without failing the scrape', async () => {
    const route = consumerRoute('gonedesk', 'cs.orders.order.address_changed', fx.prefix);
    const failing = {
      consumers: { info: () => Promise.reject(new Error('no responders')) },
    } as unknown as JetStreamManager;
    const hanging = { consumers: { info: () => new Promise(() => {}) } } as unknown as JetStreamManager;
    const sources = [
      { jsm: failing, routes: () => [route] },
      { jsm: hanging, routes: () => [{ ...route, durable: 'hangingdesk' }] },
    ];
    vi.useFakeTimers();
    try {
      for (const source of sources) consumerMetrics.observe(source);
      const read = pendingValues();
      await vi.advanceTimersByTimeAsync(PENDING_READ_TIMEOUT_MS);
      const values = await read;
      expect(values).not.toHaveProperty(route.durable);
      expect(values).not.toHaveProperty('hangingdesk');
    } finally {
      for (const source of sources) consumerMetrics.forget(source);
      vi.useRealTimers();
    }
  });

  it('asks JetStream about each partition once per scrape however many replicas run: each reports the partitions it holds', async () => {
    const a = await startPrintingDesk(fx, new DeskBehaviour('a'), { leaseRenewMs: 400 });
    const b = await startPrintingDesk(fx, new DeskBehaviour('b'), { leaseRenewMs: 400 });
    try {
      await waitFor(
        'four partitions each',
        () => a.server.stats().partitions.length === 4 && b.server.stats().partitions.length === 4,
      );
      // Every JetStreamManager's consumer API shares this prototype: counts the replicas' reads too.
      const info = vi.spyOn(Object.getPrototypeOf(fx.jsm.consumers), 'info');
      try {
        const reported = Object.keys(await pendingValues()).filter((c) => c.startsWith('printing__'));
        const asked = info.mock.calls.map(([, durable]) => String(durable)).filter((c) => c.startsWith('printing__'));
        const all = Array.from({ length: 8 }, (_, p) => partitionDurableName(PRINTING_DURABLE, p));
        expect(reported.sort()).toEqual([...all].sort());
        expect(asked.sort()).toEqual([...all].sort());
      } finally {
        info.mockRestore();
      }
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('cs_dead_letters_total counts the messages the service dead-letters, by subject', async () => {
    const subject = 'cs.orders.order.address_changed';
    desk = await startPrintingDesk(fx, new DeskBehaviour('a'), { maxDeliver: 1 });
    const before = await deadLetterCount(subject);
    await publishAddressChanged(fx, { orderId: 'bad-1', body: 'not json' });
    await publishAddressChanged(fx, { orderId: 'bad-2', body: '{"orderId": 7' });
    await waitFor('two dead letters counted', async () => (await deadLetterCount(subject)) === before + 2);
    expect(await fx.messageCount('CS_DLQ')).toBe(2);
  });
});
