import { waitFor } from '@cs/testing';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRelay } from '../../src/outbox-relay.service.js';
import { type BusFixture, openBusFixture } from './support/bus.fixture.js';
import { changeAddress, ORDER_STATE_TABLE } from './support/order-events.js';
import {
  DeskBehaviour,
  PRINTING_DESK_TABLE,
  type RunningDesk,
  startPrintingDesk,
} from './support/printing-desk.app.js';

const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
let fx: BusFixture;
let relay: OutboxRelay;
let desk: RunningDesk;

beforeAll(async () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  fx = await openBusFixture('trace_context');
  await fx.sql(ORDER_STATE_TABLE);
  await fx.sql(PRINTING_DESK_TABLE);
  await fx.ensureOrderStreams();
  relay = new OutboxRelay({ databaseUrl: fx.databaseUrl, nc: fx.nc, source: '/cs/orders', subjectPrefix: fx.prefix });
  await relay.start();
  desk = await startPrintingDesk(fx, new DeskBehaviour());
});

afterAll(async () => {
  await desk?.close();
  await relay?.stop();
  await fx?.close();
  await provider.shutdown();
  trace.disable();
  propagation.disable();
  context.disable();
});

describe('trace context across the bus', () => {
  it('runs the consumer handler in a span of the trace that was active when the producer wrote the event', async () => {
    const request = trace.getTracer('orders-api').startSpan('POST /orders/order-1/address');
    const eventId = await context.with(trace.setSpan(context.active(), request), () =>
      changeAddress(fx.orm.em, 'order-1', 2),
    );
    request.end();
    const traceId = request.spanContext().traceId;

    const [stored] = await fx.sql<{ headers: Record<string, string> }>('select headers from cs_outbox where id = ?', [
      eventId,
    ]);
    expect(stored?.headers.traceparent).toContain(traceId);

    const [handled] = await waitFor('the event handled', async () => {
      const rows = await fx.sql<{ trace_id: string | null }>(
        'select trace_id from printing_desk_log where event_id = ?',
        [eventId],
      );
      return rows.length > 0 ? rows : undefined;
    });
    expect(handled?.trace_id).toBe(traceId);

    const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
    const producer = spans.find((s) => s.kind === SpanKind.PRODUCER);
    const consumer = spans.find((s) => s.kind === SpanKind.CONSUMER);
    expect(producer?.name).toBe('publish cs.orders.order.address_changed');
    expect(producer?.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    expect(consumer?.name).toBe('process cs.orders.order.address_changed');
    expect(consumer?.parentSpanContext?.spanId).toBe(producer?.spanContext().spanId);
    expect(consumer?.attributes['messaging.message.id']).toBe(eventId);
  });
});
