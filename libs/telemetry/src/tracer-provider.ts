import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  detectResources,
  envDetector,
  hostDetector,
  processDetector,
  resourceFromAttributes,
  serviceInstanceIdDetector,
} from '@opentelemetry/resources';
import { type Sampler, type SpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

/**
 * Registers a tracer provider with the OpenTelemetry API, plus the AsyncLocalStorage context
 * manager and the W3C trace-context and baggage propagators: what NodeSDK did for traces, without
 * the metrics and logs SDKs and the every-exporter imports it loaded at start.
 */
export function registerTracerProvider(options: {
  serviceName: string | undefined;
  spanProcessors: SpanProcessor[];
  sampler?: Sampler;
  detectResourceAttributes?: boolean;
}): TracerProvider {
  let resource = options.detectResourceAttributes
    ? detectResources({ detectors: [serviceInstanceIdDetector, processDetector, hostDetector, envDetector] })
    : resourceFromAttributes({});
  if (options.serviceName) resource = resource.merge(resourceFromAttributes({ 'service.name': options.serviceName }));
  const provider = new TracerProvider({
    resource,
    spanProcessors: options.spanProcessors,
    ...(options.sampler && { sampler: options.sampler }),
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(
    new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
  );
  trace.setGlobalTracerProvider(provider);
  return provider;
}
