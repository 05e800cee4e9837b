// Event latency from the producer's commit to a subscriber's handler, at a paced publish rate.
//   producer + relay: event-producer.worker.mjs, one process as in a service: one event per transaction
//               (as the hot commands write, or BENCH_EVENT_PRODUCER=orm) on an orders-like database (the
//               messaging tables every service has), and the services' OutboxRelay, woken by those commits;
//   subscriber: event-subscriber.worker.mjs, its own process and database (JetStreamServer + @OnEvent).
// Both workers run with the telemetry hook, as services do. They are not the orders service so that
// this benchmark does not depend on the orders service building and booting.
// Latency = received_at − outbox created_at, both from PostgreSQL's clock, computed in SQL afterwards.
import { fork } from 'node:child_process';
import { ensureDatabaseExists } from '@cs/persistence';
import { SERVICE_NODE_FLAGS, SERVICE_PROCESS_ENV } from '../../scripts/infra/services.mjs';
import { drainWithReplicas, rawJetStream, relayAlone } from './event-baseline.bench.mjs';
import {
  dbUrl,
  fmt,
  loadAverage,
  loadDir,
  log,
  NATS_URL,
  repoRoot,
  sleep,
  sql,
  waitUntil,
} from './support/bench.util.mjs';
import { dropBenchDatabases } from './support/cleanup.util.mjs';
import { describeCpu, startCpuSample } from './support/cpu.sampler.mjs';
import { cpuQuotaSupport } from './support/cpu-limit.util.mjs';
import { codec, payload } from './support/event-producer.mjs';
import { randomOrderId } from './support/order.fixture.mjs';
import { recentOutput, stopProcess, track } from './support/processes.util.mjs';

export const PRODUCER_DB = 'cs_bench_events_orders';
export const SUBSCRIBER_DB = 'cs_bench_events_sub';

/** Forks a worker of this folder with the telemetry hook (under a CPU quota of `cpuLimit` cores), and waits for its "ready". */
function startWorker(script, name, env, cpuLimit) {
  const child = fork(`${loadDir}${script}`, [], {
    cwd: repoRoot,
    execPath: process.execPath,
    execArgv: [
      // BENCH_CPU_PROF=<dir>: a V8 CPU profile of the worker, written when it stops (as for the services).
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
      ...SERVICE_NODE_FLAGS,
      '--import',
      '@cs/telemetry/register',
    ],
    // The services' own process environment (their allocator) first, as startService gives it.
    env: { ...SERVICE_PROCESS_ENV, ...process.env, NATS_URL, SERVICE_NAME: name, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const entry = track(child, name, { cpuLimit });
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error(`${name} not ready in 60 s:\n${recentOutput(entry)}`)), 60_000);
    child.once('message', (message) => {
      clearTimeout(timeout);
      if (message === 'ready')
        resolve({ entry, pid: child.pid, call: rpc(child, name), stop: () => stopProcess(entry) });
    });
    entry.done.then(() => {
      clearTimeout(timeout);
      reject(new Error(`${name} exited (${entry.code ?? entry.signal}):\n${recentOutput(entry)}`));
    });
  });
}

/** Asks a worker to do something (IPC { id, type, ... }) and resolves with its answer. */
function rpc(child, name) {
  let next = 0;
  const waiting = new Map();
  child.on('message', ({ id, result, error } = {}) => {
    const pending = waiting.get(id);
    if (!pending) return;
    waiting.delete(id);
    if (error) pending.reject(new Error(`${name}: ${error}`));
    else pending.resolve(result);
  });
  return (type, options) =>
    new Promise((resolve, reject) => {
      const id = ++next;
      waiting.set(id, { resolve, reject });
      child.send({ id, type, ...options });
    });
}

const receivedCount = async () =>
  Number((await sql(dbUrl(SUBSCRIBER_DB), 'select count(*) as n from bench_received'))[0].n);

/** Copies the producer's outbox rows (µs timestamps kept as text) next to what the subscriber recorded. */
async function copyProduced(run, events) {
  const measured = new Map(events.map((e) => [e.id, e.measured]));
  const rows = await sql(
    dbUrl(PRODUCER_DB),
    'select id::text, created_at::text as created_at, published_at::text as published_at from cs_outbox where id = any($1::uuid[])',
    [events.map((e) => e.id)],
  );
  await sql(
    dbUrl(SUBSCRIBER_DB),
    `insert into bench_produced (run, id, measured, created_at, published_at)
     select $1, * from unnest($2::text[], $3::bool[], $4::timestamptz[], $5::timestamptz[])`,
    [
      run,
      rows.map((r) => r.id),
      rows.map((r) => measured.get(r.id)),
      rows.map((r) => r.created_at),
      rows.map((r) => r.published_at),
    ],
  );
}

const STATS = `
  with m as (
    select p.id, p.created_at, p.published_at, r.ce_time, r.received_at
      from bench_produced p left join bench_received r on r.event_id = p.id
     where p.run = $1 and p.measured)
  select count(distinct id)::int as produced,
         count(received_at)::int as delivered_rows,
         count(distinct id) filter (where received_at is not null)::int as delivered,
         percentile_cont(array[0.5, 0.9, 0.99]) within group (order by extract(epoch from received_at - created_at) * 1000) as total,
         max(extract(epoch from received_at - created_at) * 1000) as max,
         percentile_cont(array[0.5, 0.99]) within group (order by extract(epoch from published_at - created_at) * 1000) as relay,
         percentile_cont(array[0.5, 0.99]) within group (order by extract(epoch from received_at - ce_time) * 1000) as by_ce_time,
         -- End-to-end throughput: the measured events over the time from the first one's commit to the last one's arrival.
         count(received_at) / nullif(extract(epoch from max(received_at) - min(created_at)), 0) as delivered_rate
    from m`;

async function oneRate(producer, run, options, pids) {
  const { rate, warmupS, durationS, maxInFlight } = options;
  log(`event latency at ${rate}/s: ${warmupS} s warm-up + ${durationS} s (load average ${loadAverage()})`);
  const untilReceived = (count, timeoutMs) =>
    waitUntil('the subscriber to receive every event', async () => (await receivedCount()) >= count, { timeoutMs })
      .then(() => true)
      .catch(() => false);
  // Warm-up at the same rate (JIT, pools, consumer), then let the pipeline drain: a cold-start
  // backlog must not be mistaken for the steady state the measured window is about.
  const initial = await receivedCount();
  const warm = await producer.call('produce', { rate, durationS: warmupS, maxInFlight, measured: false });
  const warmDrainStart = performance.now();
  await untilReceived(initial + warm.events.length, 120_000);
  const warmDrainS = (performance.now() - warmDrainStart) / 1000;
  const before = await receivedCount();
  const cpu = startCpuSample(pids);
  const produced = await producer.call('produce', { rate, durationS, maxInFlight, measured: true });
  const cpuUse = cpu();
  const stoppedAt = performance.now();
  const complete = await untilReceived(before + produced.events.length, 120_000);
  produced.events.push(...warm.events);
  const drainS = (performance.now() - stoppedAt) / 1000;
  await sleep(1000); // a late duplicate would land now
  await copyProduced(run, produced.events);
  const [s] = await sql(dbUrl(SUBSCRIBER_DB), STATS, [run]);
  const result = {
    rate,
    achieved: produced.achieved,
    maxBehind: produced.maxBehind,
    warmDrainS,
    failures: produced.failures,
    produced: s.produced,
    delivered: s.delivered,
    deliveredRate: Number(s.delivered_rate),
    deliveredRows: s.delivered_rows,
    exactlyOnce: complete && s.produced > 0 && s.delivered === s.produced && s.delivered_rows === s.produced,
    p50: s.total?.[0],
    p90: s.total?.[1],
    p99: s.total?.[2],
    max: Number(s.max),
    relayP50: s.relay?.[0],
    relayP99: s.relay?.[1],
    ceP50: s.by_ce_time?.[0],
    ceP99: s.by_ce_time?.[1],
    drainS,
    cpu: cpuUse,
  };
  log(
    `  achieved ${fmt(result.achieved)}/s (at most ${result.maxBehind} behind), delivered ${fmt(result.deliveredRate)}/s, ${result.delivered}/${result.produced}, p50 ${fmt(result.p50, 2)} ms, p99 ${fmt(result.p99, 2)} ms, ` +
      `max ${fmt(result.max, 1)} ms; CPU ${describeCpu(cpuUse)}`,
  );
  return result;
}

/** Published ≥ 97 % of target, all delivered within 1 s of the producer stopping, each exactly once. */
export const isSustained = (r) => r.achieved >= 0.97 * r.rate && r.drainS < 1 && r.exactlyOnce;

/** A payload as the producer writes it, as proto3 JSON (for rows written straight into the outbox). */
const payloadJson = () => JSON.stringify(codec.toJSON(payload(1, randomOrderId())));

export async function runEventLatency({
  subjectPrefix,
  rates,
  warmupS,
  durationS,
  maxInFlight = 64,
  // BENCH_EVENT_REPLICAS ("1,2,3"; empty skips the drains) and BENCH_EVENT_DRAIN (20000 events).
  replicaCounts = (process.env.BENCH_EVENT_REPLICAS ?? '1,2,3').split(',').filter(Boolean).map(Number),
  // BENCH_CAPPED_SUBSCRIBERS ("1,2,3,4"; empty skips): the drains again, each replica under a CPU quota
  // of BENCH_SUBSCRIBER_CPU (0.25) CPUs, as pods with a CPU limit.
  cappedCounts = (process.env.BENCH_CAPPED_SUBSCRIBERS ?? '1,2,3,4').split(',').filter(Boolean).map(Number),
  subscriberCpu = Number(process.env.BENCH_SUBSCRIBER_CPU ?? 0.25),
  drainEvents = Number(process.env.BENCH_EVENT_DRAIN ?? 20_000),
}) {
  await dropBenchDatabases([PRODUCER_DB, SUBSCRIBER_DB]);
  await ensureDatabaseExists(dbUrl(PRODUCER_DB));
  const workers = [];
  try {
    const producer = await startWorker('event-producer.worker.mjs', 'orders', {
      DATABASE_URL: dbUrl(PRODUCER_DB),
      SUBJECT_PREFIX: subjectPrefix,
    });
    workers.push(producer);
    // Outbox rows committed at once through the producer's pool, so its relay is woken as by a command.
    const fill = (options) => producer.call('fill', options);
    // The limits first, with nothing else of the benchmark running.
    const body = payloadJson();
    log('raw JetStream: async publish, then durable pull consume + ack');
    const baseline = await rawJetStream({ subjectPrefix, body });
    log(`  publish ${fmt(baseline.publishRate, 0)}/s, consume + ack ${fmt(baseline.consumeRate, 0)}/s`);
    const alone = await relayAlone(PRODUCER_DB, { payloadJson: body, fill });
    log(
      `  relay alone ${fmt(alone.rate, 0)}/s (${fmt((100 * alone.rate) / baseline.publishRate, 1)} % of raw publish)`,
    );
    const startSubscriber = (replica = 1, cpuLimit = undefined) =>
      startWorker(
        'event-subscriber.worker.mjs',
        replica === 1 ? 'benchsub' : `benchsub-${replica}`,
        {
          DATABASE_URL: dbUrl(SUBSCRIBER_DB),
          SUBJECT_PREFIX: subjectPrefix,
          ...(process.env.BENCH_SUB_CONCURRENCY ? { CONSUMER_CONCURRENCY: process.env.BENCH_SUB_CONCURRENCY } : {}),
        },
        cpuLimit,
      );
    const subscriber = await startSubscriber();
    workers.push(subscriber);
    await sql(
      dbUrl(SUBSCRIBER_DB),
      'create table bench_produced (run text, id text primary key, measured bool, created_at timestamptz, published_at timestamptz)',
    );
    const pids = {
      'producer + relay': producer.pid,
      subscriber: subscriber.pid,
      postgres: { comm: 'postgres' },
      nats: { comm: 'nats-server' },
      bench: { pid: process.pid },
    };
    const results = [];
    const queue = [...rates];
    while (queue.length) {
      const rate = queue.shift();
      const result = await oneRate(
        producer,
        `r${rate}-${results.length}`,
        { rate, warmupS, durationS, maxInFlight },
        pids,
      );
      result.sustained = isSustained(result);
      results.push(result);
      // Not sustained: also measure just under the pace the pipeline did deliver, for the latency there.
      const below = Math.floor((0.9 * Math.min(result.deliveredRate, result.achieved)) / 50) * 50;
      if (!result.sustained && results.length === 1 && below > 0 && !rates.includes(below)) {
        result.note = `not sustained: also run at ${below}/s`;
        queue.unshift(below);
      }
      await sleep(1000);
    }
    const [{ n: strays }] = await sql(
      dbUrl(SUBSCRIBER_DB),
      'select count(*)::int as n from bench_received r where not exists (select 1 from bench_produced p where p.id = r.event_id)',
    );
    const [overall] = await sql(
      dbUrl(SUBSCRIBER_DB),
      `select (select count(*) from bench_produced)::int as produced, count(*)::int as received_rows,
              count(distinct event_id)::int as received_distinct from bench_received`,
    );
    const subscriberConcurrency = Number(process.env.BENCH_SUB_CONCURRENCY ?? 4); // JetStreamServer's default is 4
    await subscriber.stop();
    workers.splice(workers.indexOf(subscriber), 1);
    const drains = [];
    const quotas = cpuQuotaSupport();
    if (cappedCounts.length && !quotas.kind) log(`subscriber replicas under CPU quotas skipped: ${quotas.reason}`);
    const plan = [
      ...replicaCounts.map((replicas) => ({ replicas })),
      ...(quotas.kind ? cappedCounts.map((replicas) => ({ replicas, cpuLimit: subscriberCpu })) : []),
    ];
    for (const { replicas, cpuLimit } of plan) {
      const drain = await drainWithReplicas({
        name: cpuLimit ? `capped${replicas}` : `drain${replicas}`,
        replicas,
        count: drainEvents,
        aggregates: drainEvents / 10,
        producerDb: PRODUCER_DB,
        subscriberDb: SUBSCRIBER_DB,
        startSubscriber: (replica) => startSubscriber(replica, cpuLimit),
        cpu: { start: startCpuSample, payloadJson: body },
        fill,
      });
      log(
        `  ${replicas} subscriber replica(s)${cpuLimit ? ` limited to ${cpuLimit} CPU each` : ''}: ${fmt(drain.rate, 0)} events/s, exactly once ${drain.exactlyOnce}, ${drain.reordered} out of order; CPU ${describeCpu(drain.cpu)}`,
      );
      drains.push({ ...drain, cpuLimit });
    }
    return {
      results,
      strays,
      overall,
      producerPool: 10,
      producer: process.env.BENCH_EVENT_PRODUCER ?? 'lean',
      maxInFlight,
      subscriberConcurrency,
      baseline,
      relayAlone: alone,
      drains,
    };
  } finally {
    for (const worker of workers.reverse()) await worker.stop();
  }
}
