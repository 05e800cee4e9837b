import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  BatchSpanProcessor,
  NoopSpanProcessor,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { batchDelayOf, serviceNameOf } from './service-name.js';
import { StdoutSpanExporter } from './span-stdout.exporter.js';

/** Probes and scrapes would otherwise be most of the traces. */
const untracedPaths = new Set(['/healthz', '/readyz', '/metrics']);

function spanProcessors(env: NodeJS.ProcessEnv): SpanProcessor[] {
  const processors: SpanProcessor[] = [];
  // OTLPTraceExporter reads OTEL_EXPORTER_OTLP_ENDPOINT itself (and appends /v1/traces).
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT) {
    const scheduledDelayMillis = batchDelayOf(env);
    processors.push(
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter(),
        ...(scheduledDelayMillis && { scheduledDelayMillis }),
      }),
    );
  }
  if (env.CS_TELEMETRY_TEST_EXPORT === 'stdout') {
    processors.push(new SimpleSpanProcessor({ exporter: new StdoutSpanExporter() }));
  }
  // With nowhere to export, spans are still created (a no-op processor drops them when they end),
  // so trace ids still reach log lines and message headers, and incoming trace context is kept.
  if (processors.length === 0) processors.push(new NoopSpanProcessor());
  return processors;
}

export interface TelemetryHandle {
  /** Exports what is buffered; the SDK keeps running. */
  forceFlush(): Promise<void>;
  /** Exports what is buffered and stops; later spans are dropped. */
  shutdown(): Promise<void>;
}

/**
 * Builds and starts the OpenTelemetry SDK; `register.ts` calls this before the application loads.
 * Keep the instrumentations in step with `instrumentedModules`.
 */
export function startTelemetry(env: NodeJS.ProcessEnv = process.env): TelemetryHandle {
  const processors = spanProcessors(env);
  const sdk = new NodeSDK({
    serviceName: serviceNameOf(env, process.argv[1]),
    textMapPropagator: new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
    spanProcessors: processors,
    // Metrics go through prom-client (/metrics) and logs through pino on stdout; without these empty
    // lists the SDK would default to OTLP exporters and post to localhost:4318 every minute.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => untracedPaths.has((request.url ?? '').split('?')[0] ?? ''),
      }),
      new GrpcInstrumentation(),
      // Only queries made on behalf of a traced operation: the outbox relay's polling would
      // otherwise start a new trace every second.
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  return {
    forceFlush: async () => {
      await Promise.all(processors.map((processor) => processor.forceFlush()));
    },
    shutdown: () => sdk.shutdown(),
  };
}
