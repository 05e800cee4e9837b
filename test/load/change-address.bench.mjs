// ChangeAddress over gRPC against one orders process: closed-loop clients (each one request in
// flight at a time), all sharing one channel, as a gateway would; latency per request.
// Its database stays until the end of the run: the pgbench comparison copies its rows as templates.
import { randomUUID } from 'node:crypto';
import { ConfirmationChannel, FulfilmentStage } from '@cs/contracts/cs/orders/v1/order';
import { OrdersServiceService } from '@cs/contracts/cs/orders/v1/orders_service';
import { createGrpcClient } from '@cs/grpc';
import { status } from '@grpc/grpc-js';
import { dbUrl, fmt, loadAverage, log, percentile, sleep, sql, waitUntil } from './support/bench.util.mjs';
import { dropBenchDatabases } from './support/cleanup.util.mjs';
import { describeCpu, startCpuSample } from './support/cpu.sampler.mjs';
import {
  address,
  agent,
  customer,
  items,
  newAddress,
  ORDER_COUNT,
  orderId,
  randomOrderId,
  total,
} from './support/order.fixture.mjs';
import { startOrders } from './support/processes.util.mjs';

export const DATABASE = 'cs_bench_orders';
const statusName = Object.fromEntries(Object.entries(status).map(([name, code]) => [code, name]));

/** Places ORDER_COUNT orders and marks them paid, through the API (so rows and events are real). */
async function seed(grpc) {
  const now = { seconds: Math.floor(Date.now() / 1000), nanos: 0 };
  let next = 1;
  const worker = async () => {
    for (let n = next++; n <= ORDER_COUNT; n = next++) {
      const id = orderId(n);
      await grpc.recordOrderPlaced({ orderId: id, customer, items, address, total, placedAt: now });
      await grpc.recordFulfilmentFact({ orderId: id, stage: FulfilmentStage.FULFILMENT_STAGE_PAID, occurredAt: now });
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

const pendingOutbox = async () =>
  Number((await sql(dbUrl(DATABASE), 'select count(*) as n from cs_outbox where published_at is null'))[0].n);

/** Runs `clients` closed loops for warm-up + measured seconds; only requests inside the measured window count. */
async function level(grpc, clients, { warmupS, durationS, ordersPid }) {
  const latencies = [];
  const errors = {};
  let conflicts = 0;
  const t0 = performance.now();
  const measureFrom = t0 + warmupS * 1000;
  const measureTo = measureFrom + durationS * 1000;
  let cpu;
  const cpuTimer = setTimeout(() => {
    cpu = startCpuSample({
      orders: ordersPid,
      postgres: { comm: 'postgres' },
      nats: { comm: 'nats-server' },
      client: { pid: process.pid },
    });
  }, warmupS * 1000);
  let n = 0;
  // Every change is confirmed with the customer first (when and how).
  const confirmation = {
    confirmedAt: { seconds: Math.floor(Date.now() / 1000) - 60, nanos: 0 },
    channel: ConfirmationChannel.CONFIRMATION_CHANNEL_CHAT,
  };
  const loop = async () => {
    while (performance.now() < measureTo) {
      const started = performance.now();
      const i = n++;
      try {
        await grpc.changeAddress({
          orderId: randomOrderId(),
          newAddress: newAddress(i),
          agent,
          confirmation,
          idempotencyKey: randomUUID(),
        });
        const ended = performance.now();
        if (started >= measureFrom && ended <= measureTo) latencies.push(ended - started);
      } catch (error) {
        if (started < measureFrom) continue;
        // ABORTED/ConcurrentEdit: the service retried a version conflict 4 times and gave up.
        if (error.code === status.ABORTED) conflicts++;
        else errors[statusName[error.code] ?? 'other'] = (errors[statusName[error.code] ?? 'other'] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, loop));
  clearTimeout(cpuTimer);
  const cpuUse = cpu?.();
  const backlog = await pendingOutbox();
  latencies.sort((a, b) => a - b);
  return {
    clients,
    throughput: latencies.length / durationS,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    ok: latencies.length,
    conflicts,
    errors,
    backlog,
    cpu: cpuUse,
  };
}

export async function runChangeAddressGrpc({ subjectPrefix, levels, warmupS, durationS }) {
  await dropBenchDatabases([DATABASE]);
  const orders = await startOrders({ databaseUrl: dbUrl(DATABASE), subjectPrefix });
  const grpc = createGrpcClient(OrdersServiceService, orders.grpcAddress);
  try {
    const seedStart = performance.now();
    await seed(grpc);
    log(`seeded ${ORDER_COUNT} paid orders in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
    await waitUntil('the relay to publish the seeding events', async () => (await pendingOutbox()) === 0, {
      timeoutMs: 120_000,
    });
    await sql(dbUrl(DATABASE), 'vacuum analyze');
    const results = [];
    for (const clients of levels) {
      log(
        `ChangeAddress gRPC: ${clients} client(s), ${warmupS} s warm-up + ${durationS} s (load average ${loadAverage()})`,
      );
      const result = await level(grpc, clients, { warmupS, durationS, ordersPid: orders.pid });
      log(
        `  ${fmt(result.throughput)} req/s, p50 ${fmt(result.p50, 2)} ms, p99 ${fmt(result.p99, 2)} ms; CPU ${describeCpu(result.cpu)}`,
      );
      results.push(result);
      // Let the relay catch up so its backlog does not spill into the next level.
      await waitUntil('the relay to drain the outbox', async () => (await pendingOutbox()) === 0, {
        timeoutMs: 120_000,
      });
      await sleep(1000);
    }
    return results;
  } finally {
    grpc.close();
    await orders.stop();
  }
}
