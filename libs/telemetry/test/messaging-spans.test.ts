import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { beforeEach, describe, expect, it } from 'vitest';
import { contextFromTraceHeaders, injectTraceHeaders, withConsumerSpan, withProducerSpan } from '../src/index.js';
import { startTestTracing } from '../src/testing.js';

const exporter = startTestTracing();
const tracer = trace.getTracer('test');

describe('trace headers', () => {
  beforeEach(() => exporter.reset());

  it('returns no headers outside a span', () => {
    expect(injectTraceHeaders()).toEqual({});
  });

  it('round-trips the active span context', () => {
    tracer.startActiveSpan('request', (span) => {
      const headers = injectTraceHeaders();
      expect(headers.traceparent).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
      const extracted = trace.getSpanContext(contextFromTraceHeaders(headers));
      expect(extracted).toMatchObject({ traceId: span.spanContext().traceId, isRemote: true });
      span.end();
    });
  });

  it('reads headers regardless of case and ignores garbage', () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    expect(trace.getSpanContext(contextFromTraceHeaders({ Traceparent: traceparent }))?.traceId).toBe(
      '0af7651916cd43dd8448eb211c80319c',
    );
    expect(trace.getSpanContext(contextFromTraceHeaders({ traceparent: 'nonsense' }))).toBeUndefined();
  });
});

describe('withConsumerSpan / withProducerSpan', () => {
  beforeEach(() => exporter.reset());

  it('continues the trace of the publisher in a CONSUMER span with messaging attributes', async () => {
    const { headers, request } = tracer.startActiveSpan('request', (span) => {
      span.end();
      return { headers: injectTraceHeaders(), request: span.spanContext() };
    });

    const seen = await withConsumerSpan(
      'process cs.orders.order.cancelled',
      headers,
      { destination: 'cs.orders.order.cancelled', messageId: 'evt-1', 'messaging.consumer.group.name': 'care' },
      (span) => trace.getSpan(context.active())?.spanContext().spanId === span.spanContext().spanId,
    );

    expect(seen).toBe(true);
    const consumer = exporter.getFinishedSpans().find((span) => span.name === 'process cs.orders.order.cancelled');
    expect(consumer?.kind).toBe(SpanKind.CONSUMER);
    expect(consumer?.spanContext().traceId).toBe(request.traceId);
    expect(consumer?.parentSpanContext?.spanId).toBe(request.spanId);
    expect(consumer?.attributes).toEqual({
      'messaging.system': 'nats',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'cs.orders.order.cancelled',
      'messaging.message.id': 'evt-1',
      'messaging.consumer.group.name': 'care',
    });
  });

  it('starts a new trace for a message without trace headers', async () => {
    const traceIds = await tracer.startActiveSpan('consumer loop', async (loop) => {
      const inner = await withConsumerSpan('process x', {}, { destination: 'x' }, (span) => span.spanContext().traceId);
      loop.end();
      return { loop: loop.spanContext().traceId, inner };
    });
    expect(traceIds.inner).not.toBe(traceIds.loop);
  });

  it('records a failure on the span and rethrows it', async () => {
    await expect(
      withConsumerSpan('process x', {}, { destination: 'x' }, async () => {
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');
    const [span] = exporter.getFinishedSpans();
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'handler failed' });
    expect(span?.events.map((event) => event.name)).toEqual(['exception']);
  });

  it('hands the producer the headers of its PRODUCER span, which the consumer continues', async () => {
    const headers = await tracer.startActiveSpan('request', async (request) => {
      const published = await withProducerSpan(
        'send cs.orders.order.placed',
        { destination: 'cs.orders.order.placed' },
        (h) => h,
      );
      request.end();
      return published;
    });
    await withConsumerSpan(
      'process cs.orders.order.placed',
      headers,
      { destination: 'cs.orders.order.placed' },
      () => {},
    );

    const spans = Object.fromEntries(exporter.getFinishedSpans().map((span) => [span.name, span]));
    const request = spans.request;
    const producer = spans['send cs.orders.order.placed'];
    const consumer = spans['process cs.orders.order.placed'];
    expect(producer?.kind).toBe(SpanKind.PRODUCER);
    expect(producer?.attributes['messaging.operation.type']).toBe('send');
    expect(producer?.parentSpanContext?.spanId).toBe(request?.spanContext().spanId);
    expect(consumer?.parentSpanContext?.spanId).toBe(producer?.spanContext().spanId);
    expect(new Set([request, producer, consumer].map((span) => span?.spanContext().traceId)).size).toBe(1);
  });

  it('parents a producer span on stored headers, as an outbox relay does', async () => {
    const stored = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await withProducerSpan('send x', { destination: 'x' }, () => {}, { traceparent: stored });
    const [producer] = exporter.getFinishedSpans();
    expect(producer?.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(producer?.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
  });
});
