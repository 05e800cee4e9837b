import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import { type DestinationStream, type Logger, pino } from 'pino';
import { maskPersonalData } from './personal-data.mask.js';

export type { Logger } from 'pino';

/** Ties each line to its trace: the ids of the span active when the line was logged. */
function traceFields(): Record<string, string> {
  const spanContext = trace.getSpan(context.active())?.spanContext();
  if (spanContext === undefined || !isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}

function serializeError(error: unknown): unknown {
  return error instanceof Error ? maskPersonalData(pino.stdSerializers.err(error)) : maskPersonalData(error);
}

/**
 * A JSON logger: `time` (ISO), `level` (label), `service`, `msg`, and `trace_id`/`span_id` of the
 * active span. Personal data is masked in logged objects, child bindings, errors and message text.
 * `destination` defaults to stdout; tests pass their own stream.
 */
export function createLogger(service: string, level = 'info', destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: traceFields,
    formatters: { level: (label) => ({ level: label }) },
    serializers: { err: serializeError, error: serializeError },
    hooks: {
      logMethod(args, method) {
        const [first, ...rest] = args as unknown[];
        // `logger.error(err)` would put the unmasked err.message in `msg`; log it as `{ err }` instead.
        const leading =
          first instanceof Error && typeof rest[0] !== 'string' ? [{ err: first }, first.message] : [first];
        const masked = [...leading, ...rest].map((arg) => maskPersonalData(arg));
        method.apply(this, masked as Parameters<typeof method>);
      },
    },
  };
  const logger = destination === undefined ? pino(options) : pino(options, destination);
  // pino applies `formatters.bindings` to the root logger only, so mask child bindings here. Children
  // inherit from their parent's object, so this covers grandchildren too.
  const child = logger.child;
  logger.child = function maskedChild(this: Logger, bindings, childOptions) {
    return child.call(this, maskPersonalData(bindings), childOptions);
  } as typeof logger.child;
  return logger;
}
