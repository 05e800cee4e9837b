import { isSpanContextValid, ROOT_CONTEXT, SpanKind, TraceFlags, trace } from '@opentelemetry/api';
import { SamplingDecision, TracerProvider } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { samplerFromEnv } from '../src/sampler.js';

const traceId = '0af7651916cd43dd8448eb211c80319c';
const sampledRemoteParent = trace.setSpanContext(ROOT_CONTEXT, {
  traceId,
  spanId: 'b7ad6b7169203331',
  traceFlags: TraceFlags.SAMPLED,
  isRemote: true,
});
const decide = (env: NodeJS.ProcessEnv, exporting: boolean, parent = ROOT_CONTEXT) =>
  samplerFromEnv(env, exporting).shouldSample(parent, traceId, 'op', SpanKind.SERVER, {}, []).decision;

describe('samplerFromEnv', () => {
  it('records every trace by default where spans are exported', () => {
    expect(decide({}, true)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });

  it('records no trace started here when nothing exports, but keeps one sampled upstream', () => {
    expect(decide({}, false)).toBe(SamplingDecision.NOT_RECORD);
    expect(decide({}, false, sampledRemoteParent)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });

  it('follows OTEL_TRACES_SAMPLER and its ratio, parent first', () => {
    const none = { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' };
    expect(decide(none, true)).toBe(SamplingDecision.NOT_RECORD);
    expect(decide(none, true, sampledRemoteParent)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide({ ...none, OTEL_TRACES_SAMPLER_ARG: '1' }, true)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide({ OTEL_TRACES_SAMPLER: 'always_off' }, true, sampledRemoteParent)).toBe(SamplingDecision.NOT_RECORD);
    // Out of range: the specification's default ratio, 1.
    expect(decide({ ...none, OTEL_TRACES_SAMPLER_ARG: '7' }, true)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });

  it('gives an unrecorded span a trace id all the same, for log lines and message headers', () => {
    const tracer = new TracerProvider({ sampler: samplerFromEnv({}, false) }).getTracer('test');
    const span = tracer.startSpan('op');
    expect(span.isRecording()).toBe(false);
    expect(isSpanContextValid(span.spanContext())).toBe(true);
    expect(span.spanContext().traceFlags & TraceFlags.SAMPLED).toBe(0);
    span.end();
  });
});
