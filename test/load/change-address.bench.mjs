// ChangeAddress over gRPC against one orders process: closed-loop clients (each one request in
// flight at a time), all sharing one channel, as a gateway would; latency per request.
// Its database stays until the end of the run: the pgbench comparison copies its rows as templates.
import { randomUUID } from 'node:crypto';
import { ConfirmationChannel, FulfilmentStage } from '@cs/contracts/cs/orders/v1/order';
import { OrdersServiceService } from '@cs/contracts/cs/orders/v1/orders_service';
import { createGrpcClient } from '@cs/grpc';
import { bearerFor } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { dbUrl, drainOutbox, loadAverage, log, pendingOutbox, sleep, sql } from './support/bench.util.mjs';
import { dropBenchDatabases } from './support/cleanup.util.mjs';
import { closedLoop, cpuGroupsWith, describeLevel } from './support/closed-loop.mjs';
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

/** Places ORDER_COUNT orders and marks them paid, through the API (so rows and events are real). */
export async function seed(grpc) {
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

/** Runs `clients` closed loops for warm-up + measured seconds; only requests inside the measured window count. */
export async function level(grpc, clients, { warmupS, durationS, ordersPid, database = DATABASE }) {
  // Every change is confirmed with the customer first (when and how).
  const confirmation = {
    confirmedAt: { seconds: Math.floor(Date.now() / 1000) - 60, nanos: 0 },
    channel: ConfirmationChannel.CONFIRMATION_CHANNEL_CHAT,
  };
  const result = await closedLoop({
    clients,
    warmupS,
    durationS,
    cpuGroups: cpuGroupsWith({ orders: ordersPid }),
    call: (i) =>
      grpc.changeAddress({
        orderId: randomOrderId(),
        newAddress: newAddress(i),
        agent,
        confirmation,
        idempotencyKey: randomUUID(),
      }),
    // ABORTED/ConcurrentEdit: the service retried a version conflict 4 times and gave up.
    isConflict: (error) => error.code === status.ABORTED,
  });
  return { ...result, backlog: await pendingOutbox(dbUrl(database)) };
}

export async function runChangeAddressGrpc({ subjectPrefix, levels, warmupS, durationS }) {
  await dropBenchDatabases([DATABASE]);
  const orders = await startOrders({ databaseUrl: dbUrl(DATABASE), subjectPrefix });
  // An order-desk clerk who also feeds the platform's facts in (service role) while seeding.
  const grpc = createGrpcClient(OrdersServiceService, orders.grpcAddress, {
    bearer: bearerFor({ roles: ['order-desk-clerk', 'service'], agentId: agent.agentId, name: agent.name }),
  });
  try {
    const seedStart = performance.now();
    await seed(grpc);
    log(`seeded ${ORDER_COUNT} paid orders in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
    await drainOutbox(dbUrl(DATABASE), 'the relay to publish the seeding events');
    await sql(dbUrl(DATABASE), 'vacuum analyze');
    const results = [];
    for (const clients of levels) {
      log(
        `ChangeAddress gRPC: ${clients} client(s), ${warmupS} s warm-up + ${durationS} s (load average ${loadAverage()})`,
      );
      const result = await level(grpc, clients, { warmupS, durationS, ordersPid: orders.pid });
      log(`  ${describeLevel(result)}`);
      results.push(result);
      // Let the relay catch up so its backlog does not spill into the next level.
      await drainOutbox(dbUrl(DATABASE));
      await sleep(1000);
    }
    return results;
  } finally {
    grpc.close();
    await orders.stop();
  }
}
