import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';

/** The `type` of the JSON lines below, so a test can pick them out of the application's own output. */
export const testSpanLineType = 'cs.test.span';

/**
 * Writes each finished span as one JSON line on stdout. For tests of instrumentation only
 * (`CS_TELEMETRY_TEST_EXPORT=stdout`): it is synchronous and unbatched.
 */
export class StdoutSpanExporter implements SpanExporter {
  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    for (const span of spans) {
      const { traceId, spanId } = span.spanContext();
      const line = {
        type: testSpanLineType,
        name: span.name,
        kind: span.kind,
        traceId,
        spanId,
        parentSpanId: span.parentSpanContext?.spanId,
        scope: span.instrumentationScope.name,
        status: span.status,
        attributes: span.attributes,
        service: span.resource.attributes['service.name'],
      };
      process.stdout.write(`${JSON.stringify(line)}\n`);
    }
    resultCallback({ code: ExportResultCode.SUCCESS });
  }

  async shutdown(): Promise<void> {}
}
