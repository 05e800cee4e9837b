// ChangeAddress over gRPC against one orders process: closed-loop clients (each one request in
// flight at a time), all sharing one channel, as a gateway would; latency per request. Then the same
// against 2 and 3 orders replicas on the one database (client k sends to replica k mod n, one channel
// per replica), and a paced (open-loop) level at a given rate for the latency below saturation.
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
import { pacedLoop } from './support/paced-loop.mjs';
import { startService } from './support/processes.util.mjs';

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

/** One order-desk request: a fresh idempotency key, a random paid order, a confirmed new address. */
export function changeAddressCall(channels) {
  // Every change is confirmed with the customer first (when and how).
  const confirmation = {
    confirmedAt: { seconds: Math.floor(Date.now() / 1000) - 60, nanos: 0 },
    channel: ConfirmationChannel.CONFIRMATION_CHANNEL_CHAT,
  };
  return (i, client = 0) =>
    channels[client % channels.length].changeAddress({
      orderId: randomOrderId(),
      newAddress: newAddress(i),
      agent,
      confirmation,
      idempotencyKey: randomUUID(),
    });
}

/** Runs `clients` closed loops for warm-up + measured seconds; only requests inside the measured window count. */
export async function level(grpc, clients, { warmupS, durationS, ordersPid, database = DATABASE }) {
  return replicatedLevel([{ grpc, name: 'orders', pid: ordersPid }], clients, { warmupS, durationS, database });
}

/** `replicas`: [{ grpc, name, pid }]; client k sends to replica k mod n. */
async function replicatedLevel(replicas, clients, { warmupS, durationS, database = DATABASE }) {
  const result = await closedLoop({
    clients,
    warmupS,
    durationS,
    cpuGroups: cpuGroupsWith(Object.fromEntries(replicas.map((r) => [r.name, r.pid]))),
    call: changeAddressCall(replicas.map((r) => r.grpc)),
    // ABORTED/ConcurrentEdit: the service retried a version conflict 4 times and gave up.
    isConflict: (error) => error.code === status.ABORTED,
  });
  return { ...result, replicas: replicas.length, backlog: await pendingOutbox(dbUrl(database)) };
}

/** An orders process on the benchmark's database (under a CPU quota of `cpuLimit` cores), and a clerk's client on it. */
export async function startReplica(name, subjectPrefix, cpuLimit) {
  const orders = await startService('orders', { databaseUrl: dbUrl(DATABASE), subjectPrefix, name, cpuLimit });
  // An order-desk clerk who also feeds the platform's facts in (service role) while seeding.
  const grpc = createGrpcClient(OrdersServiceService, orders.grpcAddress, {
    bearer: bearerFor({ roles: ['order-desk-clerk', 'service'], agentId: agent.agentId, name: agent.name }),
  });
  const stop = () => {
    grpc.close();
    return orders.stop();
  };
  return { grpc, name, pid: orders.pid, stop };
}

/**
 * `levels`: client counts against one process; then, with `pacedShare`, a paced level on that same
 * (warm) process at that share of the top level's throughput; `replicaLevels`: [replicas, clients]
 * pairs against that many processes on the same database (started after the seeding, kept for the
 * next pair); `capped` ({ cores, counts, clients }): then, with those processes stopped, 1…n processes
 * each under a CPU quota of `cores` (pods with a CPU limit), rows marked with `cpuLimit`.
 * Returns { results, paced }.
 */
export async function runChangeAddressGrpc({
  subjectPrefix,
  levels,
  replicaLevels = [],
  capped,
  pacedShare,
  warmupS,
  durationS,
}) {
  await dropBenchDatabases([DATABASE]);
  const replicas = [await startReplica('orders', subjectPrefix)];
  const settle = async () => {
    // Let the relay catch up so its backlog does not spill into the next level.
    await drainOutbox(dbUrl(DATABASE));
    await sleep(1000);
  };
  try {
    const seedStart = performance.now();
    await seed(replicas[0].grpc);
    log(`seeded ${ORDER_COUNT} paid orders in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
    await drainOutbox(dbUrl(DATABASE), 'the relay to publish the seeding events');
    await sql(dbUrl(DATABASE), 'vacuum analyze');
    const results = [];
    const paced = [];
    const plan = [...levels.map((clients) => [1, clients]), ...(pacedShare ? [['paced']] : []), ...replicaLevels];
    for (const [count, clients] of plan) {
      if (count === 'paced') {
        const top = results.at(-1);
        const rate = Math.round(top.throughput * pacedShare);
        paced.push(await pacedLevel(replicas[0], { rate, warmupS, durationS }));
        await settle();
        continue;
      }
      while (replicas.length < count) replicas.push(await startReplica(`orders-${replicas.length + 1}`, subjectPrefix));
      log(
        `ChangeAddress gRPC: ${count} orders process(es), ${clients} client(s), ${warmupS} s warm-up + ${durationS} s (load average ${loadAverage()})`,
      );
      const result = await replicatedLevel(replicas.slice(0, count), clients, { warmupS, durationS });
      log(`  ${describeLevel(result)}`);
      results.push(result);
      await settle();
    }
    if (capped?.counts.length) {
      // The unlimited processes go first: their relays and schedulers would take CPU beside the quotas.
      await Promise.all(replicas.splice(0).map((r) => r.stop()));
      for (const count of capped.counts) {
        while (replicas.length < count)
          replicas.push(await startReplica(`orders-capped-${replicas.length + 1}`, subjectPrefix, capped.cores));
        log(
          `ChangeAddress gRPC: ${count} orders process(es) limited to ${capped.cores} CPU each, ${capped.clients} client(s), ${warmupS} s warm-up + ${durationS} s (load average ${loadAverage()})`,
        );
        const result = await replicatedLevel(replicas.slice(0, count), capped.clients, { warmupS, durationS });
        log(`  ${describeLevel(result)}`);
        results.push({ ...result, cpuLimit: capped.cores });
        await settle();
      }
    }
    return { results, paced };
  } finally {
    await Promise.all(replicas.map((r) => r.stop()));
  }
}

/** One closed-loop level on a fresh orders process on the seeded database (an interleaved ratio round). */
export async function runChangeAddressRound({ subjectPrefix, clients, warmupS, durationS }) {
  const orders = await startReplica('orders', subjectPrefix);
  try {
    log(
      `ChangeAddress gRPC round: ${clients} client(s), ${warmupS} s warm-up + ${durationS} s (load average ${loadAverage()})`,
    );
    const result = await replicatedLevel([orders], clients, { warmupS, durationS });
    log(`  ${describeLevel(result)}`);
    await drainOutbox(dbUrl(DATABASE));
    return result;
  } finally {
    await orders.stop();
  }
}

/** ChangeAddress at a fixed rate (open loop) on a warm orders process: the latency at a pace below saturation. */
async function pacedLevel(orders, { rate, warmupS, durationS }) {
  log(`ChangeAddress gRPC paced: ${rate}/s, ${warmupS} s warm-up + ${durationS} s (load average ${loadAverage()})`);
  const result = await pacedLoop({
    rate,
    warmupS,
    durationS,
    cpuGroups: cpuGroupsWith({ orders: orders.pid }),
    call: changeAddressCall([orders.grpc]),
  });
  log(`  ${describeLevel(result)}; ${result.behind} launches skipped (too many in flight), ${result.errors} errors`);
  return { ...result, replicas: 1 };
}
