import { register } from 'node:module';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
const mode = process.env.HOOK_MODE ?? 'none';
let wait;
if (mode === 'async') {
  const { createAddHookMessageChannel } = await import('import-in-the-middle');
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, registerOptions);
  wait = waitForAllMessagesAcknowledged;
} else if (mode === 'asyncall') {
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
} else if (mode === 'include') {
  const base = import.meta.resolve('@opentelemetry/sdk-node');
  register('@opentelemetry/instrumentation/hook.mjs', base, { data: { include: ['http', 'https', '@grpc/grpc-js', 'pg', 'pg-pool'] } });
} else if (mode === 'sync') {
  const { register: reg } = await import('import-in-the-middle/register-hooks.mjs');
  reg();
}
const exporter = { export(spans, cb) { for (const s of spans) console.log('SPAN', s.name, s.spanContext().traceId, s.instrumentationScope.name); cb({ code: 0 }); }, shutdown: async () => {} };
const sdk = new NodeSDK({ serviceName: 't', spanProcessors: [new SimpleSpanProcessor({ exporter })], metricReaders: [], logRecordProcessors: [],
  instrumentations: [new HttpInstrumentation(), new PgInstrumentation(), new GrpcInstrumentation()] });
sdk.start();
if (wait) await wait();
