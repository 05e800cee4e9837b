import { NodeSDK } from '@opentelemetry/sdk-node';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';

const exporterKey = Symbol.for('cs.telemetry.testExporter');
type Holder = { [exporterKey]?: InMemorySpanExporter };

/**
 * For tests: registers a tracer provider (plus context manager and W3C propagators) that keeps
 * finished spans in memory, without instrumentations. Idempotent per process, because the
 * OpenTelemetry globals can be set only once; call `reset()` on the result between tests.
 */
export function startTestTracing(): InMemorySpanExporter {
  const holder = globalThis as Holder;
  if (holder[exporterKey] !== undefined) return holder[exporterKey];
  const exporter = new InMemorySpanExporter();
  new NodeSDK({
    serviceName: 'test',
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
    instrumentations: [],
    metricReaders: [],
    logRecordProcessors: [],
    resourceDetectors: [],
  }).start();
  holder[exporterKey] = exporter;
  return exporter;
}

export type { ReadableSpan };
