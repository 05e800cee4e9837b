import {
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanStatusCode,
  type TextMapGetter,
  type TextMapSetter,
  type Tracer,
  trace,
} from '@opentelemetry/api';

/** The W3C trace-context headers carried from the outbox row to the message and on to the consumer. */
export const TRACE_HEADERS = ['traceparent', 'tracestate'] as const;

export type HeaderRecord = Record<string, string>;

const getter: TextMapGetter<HeaderRecord> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key] ?? carrier[key.toLowerCase()],
};

const setter: TextMapSetter<HeaderRecord> = {
  set: (carrier, key, value) => {
    carrier[key.toLowerCase()] = value;
  },
};

export function busTracer(): Tracer {
  return trace.getTracer('cs-bus');
}

/** The trace context of the given (default: active) context as headers; empty when no propagator is registered. */
export function injectTraceHeaders(from: Context = context.active()): HeaderRecord {
  const carrier: HeaderRecord = {};
  propagation.inject(from, carrier, setter);
  return carrier;
}

/** The context whose parent is the trace in the headers (a root context when they carry none). */
export function extractTraceContext(headers: HeaderRecord): Context {
  return propagation.extract(ROOT_CONTEXT, headers, getter);
}

/** Only the trace-context entries of a header record. */
export function pickTraceHeaders(headers: Record<string, unknown> | null | undefined): HeaderRecord {
  const picked: HeaderRecord = {};
  if (!headers) return picked;
  for (const name of TRACE_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string' && value) picked[name] = value;
  }
  return picked;
}

export function recordFailure(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : new Error(String(error)));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}
