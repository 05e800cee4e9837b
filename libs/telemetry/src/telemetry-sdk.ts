import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import {
  BatchSpanProcessor,
  NoopSpanProcessor,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { RecordedPgInstrumentation } from './recorded-pg.instrumentation.js';
import { samplerFromEnv } from './sampler.js';
import { batchDelayOf, serviceNameOf } from './service-name.js';
import { StdoutSpanExporter } from './span-stdout.exporter.js';
import { registerTracerProvider } from './tracer-provider.js';

/** Probes and scrapes would otherwise be most of the traces. */
const untracedPaths = new Set(['/healthz', '/readyz', '/metrics']);

async function spanProcessors(env: NodeJS.ProcessEnv): Promise<SpanProcessor[]> {
  const processors: SpanProcessor[] = [];
  // OTLPTraceExporter reads OTEL_EXPORTER_OTLP_ENDPOINT itself (and appends /v1/traces). Imported
  // only when used: the exporter and its protobuf serializers are megabytes of code.
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT) {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
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
  return processors;
}

export interface TelemetryHandle {
  /** Exports what is buffered; the SDK keeps running. */
  forceFlush(): Promise<void>;
  /** Exports what is buffered and stops; later spans are dropped. */
  shutdown(): Promise<void>;
}

/**
 * Registers the tracer provider and the instrumentations; `register.ts` calls this before the
 * application loads. Keep the instrumentations in step with `instrumentedModules`. Traces only:
 * metrics go through prom-client (/metrics) and logs through pino on stdout.
 */
export async function startTelemetry(env: NodeJS.ProcessEnv = process.env): Promise<TelemetryHandle> {
  const processors = await spanProcessors(env);
  const exporting = processors.length > 0;
  // With nowhere to export, spans are still made (the sampler keeps most of them unrecorded, see
  // samplerFromEnv), so trace ids still reach log lines and message headers, and incoming trace
  // context is kept.
  const provider = registerTracerProvider({
    serviceName: serviceNameOf(env, process.argv[1]),
    spanProcessors: exporting ? processors : [new NoopSpanProcessor()],
    sampler: samplerFromEnv(env, exporting),
    detectResourceAttributes: true,
  });
  registerInstrumentations({
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => untracedPaths.has((request.url ?? '').split('?')[0] ?? ''),
      }),
      new GrpcInstrumentation(),
      // Only queries made on behalf of a traced operation (the outbox relay's polling would
      // otherwise start a new trace every second), and of one whose trace is recorded.
      new RecordedPgInstrumentation({ requireParentSpan: true }),
    ],
  });
  return { forceFlush: () => provider.forceFlush(), shutdown: () => provider.shutdown() };
}
