import {
  type Context,
  context,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  type TextMapGetter,
  type TextMapPropagator,
} from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';

export type TraceHeaders = Readonly<Record<string, string | undefined>>;

/**
 * W3C trace-context + baggage, used directly rather than through the global propagator: message
 * headers must carry the trace even where the SDK was not started (unit tests, scripts), and every
 * service speaks W3C on the bus regardless of OTEL_PROPAGATORS.
 */
const propagator: TextMapPropagator = new CompositePropagator({
  propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
});

/** Transports differ in header case (NATS keeps it, HTTP/2 lowercases), so match case-insensitively. */
const headerGetter: TextMapGetter<TraceHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get(carrier, key) {
    const exact = carrier[key];
    if (exact !== undefined) return exact;
    const found = Object.keys(carrier).find((name) => name.toLowerCase() === key);
    return found === undefined ? undefined : carrier[found];
  },
};

/** `traceparent` (and `tracestate`/`baggage` when present) for `ctx`, by default the active context. */
export function injectTraceHeaders(ctx: Context = context.active()): Record<string, string> {
  const headers: Record<string, string> = {};
  propagator.inject(ctx, headers, defaultTextMapSetter);
  return headers;
}

/**
 * The context described by message headers. It starts from ROOT_CONTEXT, not the active one, so a
 * message without a `traceparent` begins its own trace instead of joining whatever happened to be
 * active in the consumer loop.
 */
export function contextFromTraceHeaders(headers: TraceHeaders, base: Context = ROOT_CONTEXT): Context {
  return propagator.extract(base, headers, headerGetter);
}
