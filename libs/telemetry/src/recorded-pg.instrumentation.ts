import { context, trace } from '@opentelemetry/api';
import { PgInstrumentation, type PgInstrumentationConfig } from '@opentelemetry/instrumentation-pg';

/** The pg methods whose patches make spans; pool.end's keeps its bookkeeping whatever is active. */
const SPAN_MAKING = new Set<PropertyKey>(['query', 'connect']);

const recordingSpanIsActive = () => trace.getSpan(context.active())?.isRecording() === true;

/**
 * PgInstrumentation whose query and connect patches step aside unless the active span records.
 * Its own `requireParentSpan` asks only for a span, and an unsampled call has one that records
 * nothing (kept for the trace id in log lines and message headers), under which a pg span would
 * record nothing either. Yet for each of a command's statements the patch built attributes, parsed
 * the SQL for its operation name, made a span and wrapped the result in a promise of its own.
 */
export class RecordedPgInstrumentation extends PgInstrumentation {
  constructor(config: PgInstrumentationConfig = {}) {
    // Enabled only once the wrapper below is in place: enabling patches pg at once if it is loaded.
    super({ ...config, enabled: false });
    const wrap = this._wrap;
    this._wrap = (nodule, name, wrapper) =>
      wrap(nodule, name, (original, wrappedName) => {
        const patched = wrapper(original, wrappedName);
        if (!SPAN_MAKING.has(name) || typeof original !== 'function') return patched;
        const untraced = original as (...args: unknown[]) => unknown;
        const traced = patched as (...args: unknown[]) => unknown;
        return function (this: unknown, ...args: unknown[]) {
          return recordingSpanIsActive() ? traced.apply(this, args) : untraced.apply(this, args);
        } as typeof original;
      });
    if (config.enabled ?? true) this.enable();
  }
}
