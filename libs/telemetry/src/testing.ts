import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { registerTracerProvider } from './tracer-provider.js';

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
  registerTracerProvider({ serviceName: 'test', spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  holder[exporterKey] = exporter;
  return exporter;
}

export type { ReadableSpan };
