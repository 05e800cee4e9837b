// What the pg instrumentation costs a service's process per statement, in CPU, by whether the
// caller's trace is sampled. Not part of `npm run bench`:
//   node test/load/pg-span-cost.mjs
// Each variant runs in a process of its own (pg must be patched before it loads), four times,
// interleaved. A round is what a command does: take a pooled client, send 10 statements in one
// pipelined write, release it, all under the caller's span. CPU is this process's (user + system);
// PostgreSQL's is not in it. Knobs: BENCH_PG_SPAN_ROUNDS (3000), BENCH_PG_SPAN_REPEATS (4).
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dbUrl, fmt, markdownTable } from './support/bench.util.mjs';

const ROUNDS = Number(process.env.BENCH_PG_SPAN_ROUNDS ?? 3000);
const REPEATS = Number(process.env.BENCH_PG_SPAN_REPEATS ?? 4);
const STATEMENTS = 10;
const VARIANTS = {
  'no pg instrumentation, caller not sampled': { instrumentation: 'none', sampled: false },
  'PgInstrumentation, caller not sampled': { instrumentation: 'plain', sampled: false },
  'RecordedPgInstrumentation, caller not sampled': { instrumentation: 'recorded', sampled: false },
  'RecordedPgInstrumentation, caller sampled': { instrumentation: 'recorded', sampled: true },
};

async function measure({ instrumentation, sampled }) {
  const telemetry = new URL('../../libs/telemetry/dist/', import.meta.url);
  const api = await import('@opentelemetry/api');
  const { NoopSpanProcessor, ParentBasedSampler, AlwaysOffSampler } = await import('@opentelemetry/sdk-trace');
  const { registerInstrumentations } = await import('@opentelemetry/instrumentation');
  const { registerTracerProvider } = await import(new URL('tracer-provider.js', telemetry).href);
  const { RecordedPgInstrumentation } = await import(new URL('recorded-pg.instrumentation.js', telemetry).href);
  const { PgInstrumentation } = await import('@opentelemetry/instrumentation-pg');
  // As a service without an exporter runs: spans made, none recorded unless the caller's trace is.
  registerTracerProvider({
    serviceName: 'pg-span-cost',
    spanProcessors: [new NoopSpanProcessor()],
    sampler: new ParentBasedSampler({ root: new AlwaysOffSampler() }),
  });
  const chosen = { plain: PgInstrumentation, recorded: RecordedPgInstrumentation }[instrumentation];
  if (chosen) registerInstrumentations({ instrumentations: [new chosen({ requireParentSpan: true })] });
  const pg = createRequire(import.meta.url)('pg');

  const pool = new pg.Pool({ connectionString: dbUrl('postgres'), max: 1, pipeline: true });
  const statement = { name: 'pg-span-cost', text: 'select $1::int as n' };
  const caller = {
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: '00f067aa0ba902b7',
    traceFlags: sampled ? api.TraceFlags.SAMPLED : api.TraceFlags.NONE,
    isRemote: true,
  };
  const parent = api.trace.setSpanContext(api.context.active(), caller);
  const round = () =>
    api.trace.getTracer('pg-span-cost').startActiveSpan('command', {}, parent, async (span) => {
      const client = await pool.connect();
      // One socket write for the ten, as the services' command path sends a round trip (inOneWrite).
      client.connection.stream.cork();
      const sent = Array.from({ length: STATEMENTS }, (_, i) => client.query({ ...statement, values: [i] }));
      client.connection.stream.uncork();
      await Promise.all(sent);
      client.release();
      span.end();
    });
  for (let i = 0; i < ROUNDS / 5; i++) await round();
  const before = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < ROUNDS; i++) await round();
  const cpu = process.cpuUsage(before);
  const wallMs = performance.now() - start;
  await pool.end();
  return { cpuUs: cpu.user + cpu.system, wallMs };
}

function inChild(name) {
  const child = fork(fileURLToPath(import.meta.url), ['child', name], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => (code ? reject(new Error(`${name}: exited with ${code}`)) : undefined));
  });
}

if (process.argv[2] === 'child') {
  process.send(await measure(VARIANTS[process.argv[3]]));
  process.exit(0);
} else {
  const runs = Object.fromEntries(Object.keys(VARIANTS).map((name) => [name, []]));
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    const names = Object.keys(VARIANTS);
    for (const name of repeat % 2 ? names.reverse() : names) runs[name].push(await inChild(name));
  }
  const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const perStatement = (run) => run.cpuUs / (ROUNDS * STATEMENTS);
  console.log(
    `\n${ROUNDS} rounds of ${STATEMENTS} pipelined statements per run, ${REPEATS} runs per variant, interleaved\n`,
  );
  console.log(
    markdownTable(
      ['variant', 'CPU per statement, median (µs)', 'each run (µs)', 'rounds/s, median'],
      Object.entries(runs).map(([name, list]) => [
        name,
        fmt(median(list.map(perStatement))),
        list.map((run) => fmt(perStatement(run))).join(' / '),
        fmt(median(list.map((run) => (ROUNDS / run.wallMs) * 1000)), 0),
      ]),
    ),
  );
}
