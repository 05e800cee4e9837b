// Interleaved A/B of the orders service: two builds, node flags or environments, measured in
// alternating phases on one seeded database, so that the drift of this shared machine (identical
// runs differ by up to 2×) falls on both sides. Each phase starts a fresh orders process, runs
// ChangeAddress as change-address.bench.mjs does, closed loop then paced, and stops the process.
// Prints one Markdown row per phase; writes nothing to results.md (an experiment, not a record).
//
//   node test/load/orders-ab.mjs
//
// Knobs (env):
//   BENCH_AB_A, BENCH_AB_B               bundles (default both services/orders/dist/main.bundle.js). Keep a
//                                        copy inside the repository so its externals resolve, e.g.
//                                        cp services/orders/dist/main.bundle.js services/orders/dist/before.bundle.js
//                                        before rebuilding, then BENCH_AB_A=services/orders/dist/before.bundle.js
//   BENCH_AB_A_FLAGS, BENCH_AB_B_FLAGS   node flags of that side, e.g. "--max-semi-space-size=16"
//   BENCH_AB_A_ENV, BENCH_AB_B_ENV       environment of that side's process, e.g. "MALLOC_MMAP_THRESHOLD_=131072"
//   BENCH_AB_ORDER                       the phases (ABBAAB)
//   BENCH_AB_CLIENTS                     closed-loop clients (32; 0 skips the level)
//   BENCH_AB_RATE                        paced requests per second (150; 0 skips the level)
//   BENCH_WARMUP_S (3), BENCH_DURATION_S (12), BENCH_ORDERS (5000)
import { resolve } from 'node:path';
import { OrdersServiceService } from '@cs/contracts/cs/orders/v1/orders_service';
import { createGrpcClient } from '@cs/grpc';
import { bearerFor } from '@cs/testing';
import { changeAddressCall, DATABASE, seed } from './change-address.bench.mjs';
import { dbUrl, drainOutbox, fmt, log, markdownTable, repoRoot, sleep, sql } from './support/bench.util.mjs';
import { deleteBenchStreams, dropBenchDatabases, newSubjectPrefix } from './support/cleanup.util.mjs';
import { closedLoop, cpuGroupsWith } from './support/closed-loop.mjs';
import { agent } from './support/order.fixture.mjs';
import { pacedLoop } from './support/paced-loop.mjs';
import { startService, stopAllProcesses } from './support/processes.util.mjs';

const env = process.env;
const bundle = (path) => resolve(repoRoot, path ?? 'services/orders/dist/main.bundle.js');
const words = (text) => text?.split(' ').filter(Boolean) ?? [];
const sideOf = (name) => ({
  entry: bundle(env[`BENCH_AB_${name}`]),
  nodeFlags: words(env[`BENCH_AB_${name}_FLAGS`]),
  env: Object.fromEntries(words(env[`BENCH_AB_${name}_ENV`]).map((pair) => pair.split(/=(.*)/s).slice(0, 2))),
});
const SIDES = { A: sideOf('A'), B: sideOf('B') };
const describe = ({ entry, nodeFlags, env: sideEnv }) =>
  [entry, ...nodeFlags, ...Object.entries(sideEnv).map(([k, v]) => `${k}=${v}`)].join(' ');
const ORDER = (env.BENCH_AB_ORDER ?? 'ABBAAB').toUpperCase().split('');
const CLIENTS = Number(env.BENCH_AB_CLIENTS ?? 32);
const RATE = Number(env.BENCH_AB_RATE ?? 150);
const WARMUP_S = Number(env.BENCH_WARMUP_S ?? 3);
const DURATION_S = Number(env.BENCH_DURATION_S ?? 12);
const url = dbUrl(DATABASE);
const subjectPrefix = newSubjectPrefix();

if (ORDER.some((side) => !SIDES[side])) throw new Error(`BENCH_AB_ORDER may hold only A and B: ${ORDER.join('')}`);

/** A fresh orders process of one side, and a clerk's client on it (also the platform's, for seeding). */
async function startSide(side) {
  const orders = await startService('orders', { databaseUrl: url, subjectPrefix, ...SIDES[side] });
  const grpc = createGrpcClient(OrdersServiceService, orders.grpcAddress, {
    bearer: bearerFor({ roles: ['order-desk-clerk', 'service'], agentId: agent.agentId, name: agent.name }),
  });
  const stop = () => {
    grpc.close();
    return orders.stop();
  };
  return { orders, grpc, stop };
}

/** CPU milliseconds per request of a process group, from its share of a core over the window. */
const msPerRequest = (level, group) => (level ? fmt((level.cpu[group] * 10) / level.throughput, 2) : '–');

/** What a phase wrote: commands committed, the stored outcome's mean size, WAL bytes. */
async function writtenSince(mark) {
  const [row] = await sql(
    url,
    `select count(*)::int as commands, avg(pg_column_size(outcome))::int as outcome_bytes,
       pg_wal_lsn_diff(pg_current_wal_lsn(), $2::pg_lsn)::bigint as wal_bytes
     from idempotency_keys where operation = 'ChangeAddress' and created_at > $1`,
    [mark.at, mark.lsn],
  );
  return row;
}

async function phase(side) {
  const replica = await startSide(side);
  try {
    const [mark] = await sql(url, 'select now() as at, pg_current_wal_lsn()::text as lsn');
    const cpuGroups = cpuGroupsWith({ orders: replica.orders.pid });
    const call = changeAddressCall([replica.grpc]);
    const closed = CLIENTS
      ? await closedLoop({ clients: CLIENTS, warmupS: WARMUP_S, durationS: DURATION_S, cpuGroups, call })
      : undefined;
    await drainOutbox(url);
    await sleep(500);
    const paced = RATE
      ? await pacedLoop({ rate: RATE, warmupS: WARMUP_S, durationS: DURATION_S, cpuGroups, call })
      : undefined;
    const written = await writtenSince(mark);
    return { side, closed, paced, written };
  } finally {
    await replica.stop();
    await drainOutbox(url);
  }
}

function table(phases) {
  const latency = (level) => (level ? `${fmt(level.p50, 2)} / ${fmt(level.p99, 1)}` : '–');
  return markdownTable(
    [
      'phase',
      'side',
      `c = ${CLIENTS} (/s)`,
      'p50 / p99 (ms)',
      'orders / postgres CPU per request (ms)',
      `paced ${RATE}/s: p50 / p99 (ms)`,
      'orders / postgres CPU per request (ms)',
      'outcome (bytes)',
      'WAL per command (KB)',
    ],
    phases.map(({ side, closed, paced, written }, index) => [
      index + 1,
      side,
      closed ? fmt(closed.throughput) : '–',
      latency(closed),
      `${msPerRequest(closed, 'orders')} / ${msPerRequest(closed, 'postgres')}`,
      latency(paced),
      `${msPerRequest(paced, 'orders')} / ${msPerRequest(paced, 'postgres')}`,
      written.outcome_bytes ?? '–',
      written.commands ? fmt(Number(written.wal_bytes) / written.commands / 1024) : '–',
    ]),
  );
}

let failed = false;
try {
  await dropBenchDatabases([DATABASE]);
  const seeder = await startSide('B');
  try {
    await seed(seeder.grpc);
    await drainOutbox(url, 'the relay to publish the seeding events');
  } finally {
    await seeder.stop();
  }
  await sql(url, 'vacuum analyze');
  const phases = [];
  for (const side of ORDER) {
    log(`phase ${phases.length + 1}/${ORDER.length}: ${side} (${describe(SIDES[side])})`);
    phases.push(await phase(side));
  }
  console.log(`\nA: ${describe(SIDES.A)}\nB: ${describe(SIDES.B)}\n`);
  console.log(table(phases));
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await stopAllProcesses();
  await dropBenchDatabases([DATABASE]).catch(() => {});
  await deleteBenchStreams().catch(() => {});
}
// Exit explicitly, as run.mjs does: left to themselves, the benchmark's idle connections kept the
// process alive (and polling) long after its table was printed.
process.exit(failed ? 1 : 0);
