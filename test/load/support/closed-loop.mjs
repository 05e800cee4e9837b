// The gRPC benchmarks' load: closed-loop clients (each one request in flight at a time) for a warm-up,
// then a measured window; only requests started and finished inside the window count. CPU per
// process group is sampled over the measured window.
import { status } from '@grpc/grpc-js';
import { fmt, percentile } from './bench.util.mjs';
import { describeCpu, startCpuSample } from './cpu.sampler.mjs';

const statusName = Object.fromEntries(Object.entries(status).map(([name, code]) => [code, name]));

/** The CPU groups of a gRPC run: the service process(es) under test (name → pid), the database, NATS and this client. */
export const cpuGroupsWith = (services) => ({
  ...services,
  postgres: { comm: 'postgres' },
  nats: { comm: 'nats-server' },
  client: { pid: process.pid },
});

/** One level's figures for the log line. */
export const describeLevel = (r) =>
  `${fmt(r.throughput)} req/s, p50 ${fmt(r.p50, 2)} ms, p99 ${fmt(r.p99, 2)} ms; CPU ${describeCpu(r.cpu)}`;

/** Ascending copy, with its nearest-rank p50/p99. */
export function latencyStats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

/**
 * Runs `clients` closed loops for warmupS + durationS seconds. `call(n, client)` sends the run's n-th
 * request (n counts from 0 over warm-up and window, `client` is the loop's index) and resolves with
 * whatever the benchmark wants to keep of the response; `isConflict(error)` picks the errors counted
 * apart as conflicts, the others are tallied by gRPC status name. `cpuGroups` as startCpuSample takes them.
 * Returns the window's { clients, throughput, p50, p99, ok, conflicts, errors, cpu, measured: [{ ms, value }] }
 * and, over the whole run (warm-up and the calls still in flight at the end included), `succeeded`/`failed`
 * and the first error.
 */
export async function closedLoop({ clients, warmupS, durationS, cpuGroups, call, isConflict = () => false }) {
  const measured = [];
  const errors = {};
  let conflicts = 0;
  let succeeded = 0;
  let failed = 0;
  let firstError;
  const measureFrom = performance.now() + warmupS * 1000;
  const measureTo = measureFrom + durationS * 1000;
  let cpu;
  const cpuTimer = setTimeout(() => {
    cpu = startCpuSample(cpuGroups);
  }, warmupS * 1000);
  let n = 0;
  const loop = async (client) => {
    while (performance.now() < measureTo) {
      const started = performance.now();
      try {
        const value = await call(n++, client);
        succeeded++;
        const ended = performance.now();
        if (started >= measureFrom && ended <= measureTo) measured.push({ ms: ended - started, value });
      } catch (error) {
        failed++;
        firstError ??= error;
        if (started < measureFrom) continue;
        if (isConflict(error)) conflicts++;
        else errors[statusName[error.code] ?? 'other'] = (errors[statusName[error.code] ?? 'other'] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, client) => loop(client)));
  clearTimeout(cpuTimer);
  const { p50, p99 } = latencyStats(measured.map((m) => m.ms));
  return {
    clients,
    throughput: measured.length / durationS,
    p50,
    p99,
    ok: measured.length,
    conflicts,
    errors,
    cpu: cpu?.(),
    measured,
    succeeded,
    failed,
    firstError,
  };
}
