import {
  type Attributes,
  type AttributeValue,
  type Context,
  context,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { contextFromTraceHeaders, injectTraceHeaders, type TraceHeaders } from './trace-headers.js';

const tracer = trace.getTracer('@cs/telemetry');

/**
 * `destination` and `messageId` become the semantic-convention attributes
 * `messaging.destination.name` and `messaging.message.id`; any other key is copied as is.
 */
export interface MessageSpanAttributes {
  destination: string;
  messageId?: string;
  [attribute: string]: AttributeValue | undefined;
}

function messagingAttributes(operation: 'send' | 'process', attributes: MessageSpanAttributes): Attributes {
  const { destination, messageId, ...rest } = attributes;
  return {
    'messaging.system': 'nats',
    'messaging.operation.type': operation,
    'messaging.destination.name': destination,
    ...(messageId === undefined ? {} : { 'messaging.message.id': messageId }),
    ...rest,
  };
}

/** Ends the span however `fn` finishes; a failure is recorded on the span and re-thrown. */
async function runInSpan<T>(span: Span, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    span.end();
  }
}

/**
 * Runs `fn` in a CONSUMER span whose parent is the trace context carried by the message headers,
 * so handling an event continues the trace of the request that caused it.
 */
export function withConsumerSpan<T>(
  name: string,
  headers: TraceHeaders,
  attributes: MessageSpanAttributes,
  fn: (span: Span) => T | Promise<T>,
): Promise<T> {
  const options = { kind: SpanKind.CONSUMER, attributes: messagingAttributes('process', attributes) };
  return tracer.startActiveSpan(name, options, contextFromTraceHeaders(headers), (span) =>
    runInSpan(span, () => fn(span)),
  );
}

/**
 * Runs `fn` in a PRODUCER span and hands it the headers to publish with, which carry this span as
 * the parent for consumers. The span's parent is the active context, or `parentHeaders` when the
 * message was created earlier than it is sent (an outbox row stores the headers of its request).
 */
export function withProducerSpan<T>(
  name: string,
  attributes: MessageSpanAttributes,
  fn: (headers: Record<string, string>, span: Span) => T | Promise<T>,
  parentHeaders?: TraceHeaders,
): Promise<T> {
  const parent: Context = parentHeaders === undefined ? context.active() : contextFromTraceHeaders(parentHeaders);
  const options = { kind: SpanKind.PRODUCER, attributes: messagingAttributes('send', attributes) };
  return tracer.startActiveSpan(name, options, parent, (span) => runInSpan(span, () => fn(injectTraceHeaders(), span)));
}
