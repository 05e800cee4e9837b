// Load benchmarks (measured, not asserted; not part of `npm test`):
//   npm run bench                              every benchmark
//   node test/load/run.mjs change-address      ChangeAddress over gRPC, then pgbench on the same schema
//   node test/load/run.mjs event-latency       outbox → relay → JetStream → subscriber latency
//   node test/load/run.mjs inquiry-ingest      IngestMessage (new customers) over gRPC, 1 inquiry process and 2 replicas
//   node test/load/run.mjs auth-overhead       ChangeAddress with token verification off / on / on without cache
//   node test/load/run.mjs complaint-intake    complaint_raised → the complaints desk's apology in the conversation (inquiry + complaints)
//   node test/load/run.mjs reply-check         ReplyToCustomer with the reply check on vs off (inquiry + knowledge), CheckReply alone
//   node test/load/run.mjs complaint-sweep     the complaints deadline sweep's tick with 100,000 open complaints (BENCH_SWEEP_OPEN)
//   node test/load/run.mjs care-timeline       GetCustomerTimeline, 1,000 entries for one of 100,000 customers (BENCH_TIMELINE_CLIENTS 1,8)
//   node test/load/run.mjs care-campaign       a campaign to a 100,000-customer segment (BENCH_CAMPAIGN_CUSTOMERS), kill -9 half way and resume
//   node test/load/run.mjs knowledge-search    SearchArticles over 100,000 articles (BENCH_KNOWLEDGE_ARTICLES), index build, publish → searchable
//   node test/load/run.mjs footprint           each service alone: cold start to /readyz, RSS and heap at ready and after BENCH_FOOTPRINT_IDLE_S (60) idle
// Apart from these, `node test/load/loopback-roundtrip.mjs` prints what one round trip between two
// processes costs this machine in CPU (the unit every hop above pays), and
// `node test/load/orm-transaction.mjs` what an ORM transaction costs with BEGIN deferred or not,
// `node test/load/pg-span-cost.mjs` what the pg instrumentation costs a statement, sampled or not, and
// `node test/load/profile-by-source.mjs <service> <file.cpuprofile>` a service's CPU profile by package, and
// `node test/load/orders-ab.mjs` compares two builds, node flags or environments of the orders service
// in interleaved phases (ChangeAddress closed loop and paced; knobs in the file).
// Needs `npm run build` first, PostgreSQL at 127.0.0.1:5432 and NATS (JetStream) at 127.0.0.1:4222.
// Knobs (env): BENCH_ORDERS (5000), BENCH_CLIENTS (1,8,32), BENCH_WARMUP_S (3), BENCH_DURATION_S (15),
//   BENCH_EVENT_RATES (1000,250), BENCH_EVENT_DURATION_S (20), BENCH_SUB_CONCURRENCY (the subscriber's
//   JetStreamServer concurrency; its default 4), BENCH_REPLICA_CLIENTS (8,32: client counts against two
//   inquiry replicas), BENCH_AGENT_CAPACITY (15 per agent), BENCH_INQUIRY_SCHEDULER_POLL_MS (unset: the
//   service's 5 s), BENCH_CPU_PROF (dir: V8 profiles of the service processes and the event workers),
//   BENCH_ORDERS_REPLICAS (2,3: orders processes at the top client count), BENCH_CAPPED_REPLICAS (1,2,3,4:
//   orders processes each under a CPU quota, as pods with a CPU limit; empty skips; needs root and cgroups),
//   BENCH_REPLICA_CPU (0.25: that quota, in CPUs) and BENCH_RATIO_ROUNDS (3: interleaved gRPC / pgbench
//   minimal rounds) for change-address,
//   BENCH_EVENT_REPLICAS (1,2,3: subscriber replicas draining a backlog; empty skips), BENCH_EVENT_DRAIN
//   (20000 events), BENCH_RELAY_ROUNDS (relay rounds in flight; the relay's default) and
//   BENCH_EVENT_PRODUCER (lean: pipelined as the hot commands; orm: the ORM unit of work) for event-latency,
//   BENCH_AUTH_CLIENTS (8,32) and BENCH_AUTH_ROUNDS (3) for auth-overhead,
//   BENCH_RESULTS_FILE (default test/load/results.md).
// Prints Markdown tables and writes them to test/load/results.md; drops the bench databases and
// deletes the bench streams at the end, even on failure.
import { existsSync } from 'node:fs';
import { COMMAND_SESSION_OPTIONS } from '@cs/persistence';
import { SERVICE_PROCESS_ENV } from '../../scripts/infra/services.mjs';
import { runAuthOverhead } from './auth-overhead.bench.mjs';
import { careCampaignSection, runCareCampaign } from './care-campaign.bench.mjs';
import { careTimelineSection, runCareTimeline } from './care-timeline.bench.mjs';
import { runChangeAddressGrpc, runChangeAddressRound } from './change-address.bench.mjs';
import { runChangeAddressPgbench, runPgbenchLevel } from './change-address.pgbench.mjs';
import { complaintIntakeSection, runComplaintIntake } from './complaint-intake.bench.mjs';
import { complaintSweepSection, runComplaintSweep } from './complaint-sweep.bench.mjs';
import { runEventLatency } from './event-latency.bench.mjs';
import { FOOTPRINT_SERVICES, footprintTable, launchArgs, runFootprint } from './footprint.bench.mjs';
import { runInquiryIngest } from './inquiry-ingest.bench.mjs';
import { inquirySlaSweepSection, runInquirySlaSweep } from './inquiry-sla-sweep.bench.mjs';
import { knowledgeSearchSection, runKnowledgeSearch } from './knowledge-search.bench.mjs';
import { replyCheckSection, runReplyCheck } from './reply-check.bench.mjs';
import { loadAverage, log, machineFacts, repoRoot } from './support/bench.util.mjs';
import { deleteBenchStreams, dropBenchDatabases, newSubjectPrefix } from './support/cleanup.util.mjs';
import { cpuQuotaSupport } from './support/cpu-limit.util.mjs';
import { AGENT_CAPACITY, AGENTS, teamsOfDesk } from './support/inquiry.fixture.mjs';
import { ORDER_COUNT } from './support/order.fixture.mjs';
import { stopAllProcesses } from './support/processes.util.mjs';
import {
  authOverheadRounds,
  authOverheadSummary,
  changeAddressRatios,
  changeAddressRounds,
  changeAddressTable,
  environmentLines,
  eventLatencyTable,
  inquiryIngestTable,
  writeSection,
} from './support/report.util.mjs';

const BENCHMARKS = [
  'change-address',
  'event-latency',
  'inquiry-ingest',
  'auth-overhead',
  'complaint-intake',
  'complaint-sweep',
  'inquiry-sla-sweep',
  'reply-check',
  'knowledge-search',
  'care-campaign',
  'care-timeline',
  'footprint',
];
// The built services a benchmark starts.
const SERVICES = {
  'change-address': 'orders',
  'inquiry-ingest': 'inquiry',
  'auth-overhead': 'orders',
  'complaint-intake': 'complaints',
  'complaint-sweep': 'complaints',
  'inquiry-sla-sweep': 'inquiry',
  'reply-check': 'knowledge',
  'knowledge-search': 'knowledge',
  'care-campaign': 'care',
  'care-timeline': 'care',
};
// An empty list ("BENCH_REPLICA_CLIENTS=") skips those levels.
const list = (value, fallback) =>
  (value ?? fallback)
    .split(',')
    .filter((item) => item.trim() !== '')
    .map(Number);
const settings = {
  clients: list(process.env.BENCH_CLIENTS, '1,8,32'),
  replicaClients: list(process.env.BENCH_REPLICA_CLIENTS, '8,32'),
  warmupS: Number(process.env.BENCH_WARMUP_S ?? 3),
  durationS: Number(process.env.BENCH_DURATION_S ?? 15),
  rates: list(process.env.BENCH_EVENT_RATES, '1000,250'),
  eventDurationS: Number(process.env.BENCH_EVENT_DURATION_S ?? 20),
};

const chosen = process.argv[2];
if (chosen && !BENCHMARKS.includes(chosen)) {
  process.stderr.write(`usage: node test/load/run.mjs [${BENCHMARKS.join('|')}]\n`);
  process.exit(2);
}
if (Number(process.versions.node.split('.')[0]) < 24) {
  process.stderr.write(
    `Node ${process.version}: run with the project's Node 24 (npm run bench, or node_modules/.bin/node)\n`,
  );
  process.exit(2);
}
for (const service of new Set(BENCHMARKS.filter((name) => !chosen || name === chosen).map((name) => SERVICES[name]))) {
  if (service && !existsSync(`${repoRoot}services/${service}/dist/main.bundle.js`)) {
    process.stderr.write(`services/${service}/dist is missing: run \`npm run build\` first\n`);
    process.exit(2);
  }
}

const overrides = Object.entries(process.env)
  .filter(([key]) => key.startsWith('BENCH_'))
  .map(([key, value]) => `${key}=${value} `)
  .join('');
const command =
  process.env.npm_lifecycle_event === 'bench'
    ? `${overrides}npm run bench${chosen ? ` -- ${chosen}` : ''}`
    : `${overrides}node test/load/run.mjs${chosen ? ` ${chosen}` : ''}`;

let cleaning;
async function cleanUp() {
  cleaning ??= (async () => {
    await stopAllProcesses().catch((error) => log(`stopping processes failed: ${error.message}`));
    await dropBenchDatabases().catch((error) => log(`dropping bench databases failed: ${error.message}`));
    await deleteBenchStreams().catch((error) => log(`deleting bench streams failed: ${error.message}`));
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

/** The scripts' JSON literals are copies of the gRPC run's rows; in the report their size is enough. */
const abbreviateJson = (script) =>
  script.replace(/'((?:[^']|'')*)'::jsonb/g, (_, json) => `'…${Buffer.byteLength(json)} bytes of JSON…'::jsonb`);

function publish(name, markdown) {
  process.stdout.write(`\n${markdown}\n`);
  log(`wrote ${writeSection(name, markdown)}`);
}

async function changeAddress(facts) {
  const startedAt = new Date();
  const { clients, warmupS, durationS } = settings;
  // [replicas, clients]: the top client count against 2 and 3 orders processes (BENCH_ORDERS_REPLICAS).
  const replicaLevels = list(process.env.BENCH_ORDERS_REPLICAS, '2,3').map((n) => [n, Math.max(...clients)]);
  // Replicas under a CPU quota each (pods with a CPU limit): on two cores, the only way to see them add capacity.
  const quotas = cpuQuotaSupport();
  const cappedCounts = list(process.env.BENCH_CAPPED_REPLICAS, '1,2,3,4');
  const capped = quotas.kind
    ? { cores: Number(process.env.BENCH_REPLICA_CPU ?? 0.25), counts: cappedCounts, clients: Math.max(...clients) }
    : undefined;
  if (!capped && cappedCounts.length) log(`replicas under CPU quotas skipped: ${quotas.reason}`);
  const subjectPrefix = newSubjectPrefix();
  // After the single-process levels, the same warm process paced at half the top level's rate: the goal's latency point.
  const { results: grpc, paced } = await runChangeAddressGrpc({
    subjectPrefix,
    levels: clients,
    replicaLevels,
    capped,
    pacedShare: 0.5,
    warmupS,
    durationS,
  });
  const pgbench = await runChangeAddressPgbench({ levels: clients, warmupS, durationS });
  // This machine is shared: gRPC and pgbench minimal alternate in rounds, so drift hits both alike.
  const rounds = [];
  for (let round = 1; round <= Number(process.env.BENCH_RATIO_ROUNDS ?? 3); round++) {
    const roundClients = Math.max(...clients);
    const grpcRound = await runChangeAddressRound({ subjectPrefix, clients: roundClients, warmupS, durationS });
    const minimal = await runPgbenchLevel('minimal', pgbench.scripts, { clients: roundClients, warmupS, durationS });
    rounds.push({ round, clients: roundClients, grpc: grpcRound, minimal });
  }
  publish(
    'change-address',
    `## ChangeAddress: gRPC service vs pgbench

${environmentLines(facts, command, startedAt)}

${changeAddressTable(grpc, pgbench.results, paced)}

${changeAddressRatios(grpc, pgbench.results, paced)}

${changeAddressRounds(rounds)}

- **gRPC**: one orders process (telemetry on, LOG_LEVEL=warn) on a fresh \`cs_bench_orders\` with ${ORDER_COUNT} paid orders seeded through the API. Each client is a closed loop (one request in flight), all clients share **one channel** (one HTTP/2 connection, as a gateway would; grpc-js shares the subchannel between clients of one address anyway). Each request picks an order uniformly at random and a fresh idempotency key; ${warmupS} s warm-up, then ${durationS} s measured; only requests started and finished inside the window count. Every request is a full ChangeAddress of a paid order, one transaction on the lean command path (\`CommandTransactions\` in libs/persistence: two pipelined round trips, BEGIN + key lock + stored outcome + the order, then one guarded write statement + COMMIT; the statements are the *full shape* pgbench script below); the outbox relay publishes its events from the same process meanwhile (its CPU is in "orders"). **Replicas**: after the single-process levels, ${process.env.BENCH_ORDERS_REPLICAS ?? '2,3'} orders processes on the same database at c = ${Math.max(...clients)}, one channel per process, client k sends to process k mod n; CPU = their sum (each in brackets). ${capped ? `**Replicas under CPU quotas** (*n × ${capped.cores} CPU*): then, with those processes stopped, ${capped.counts.join(', ')} fresh orders processes at c = ${capped.clients}, each in a cgroup of its own with a CFS quota of ${capped.cores} CPU (cgroup ${quotas.kind}), as pods with a CPU limit run: on this machine the unlimited processes share two cores with PostgreSQL, so only a fixed share per process shows whether replicas add capacity until PostgreSQL (or the machine) saturates.` : `**Replicas under CPU quotas**: not run (${quotas.reason}).`} **Paced**: after the single-process levels, on the same (warm) process, requests launched at half the rate it reached at c = ${Math.max(...clients)} whether or not earlier ones answered (open loop, at most 256 in flight), ${warmupS} s warm-up + ${durationS} s.
- **Rounds**: after the levels above, ${rounds.length} rounds of [a fresh orders process, c = ${Math.max(...clients)}, closed loop] then [pgbench minimal, same c], each ${warmupS} s + ${durationS} s, on the same databases: the ratio per round and its median, since other work on this shared machine (*other*) moves both by far more than the difference measured.
- **conflicts**: gRPC = ABORTED (the service gave up after 4 version conflicts; a conflict it retried successfully is invisible here); pgbench full = versioned updates that matched no row (the service would have retried them).
- **pgbench**: \`pgbench -n -M extended|prepared -c N -j min(2,N) -T ${durationS} -l\` after a ${warmupS} s run, orders process stopped, on a fresh \`cs_bench_pgbench\` migrated with the orders migrations and the same ${ORDER_COUNT} orders; latency percentiles from the per-transaction log. *minimal* = UPDATE order + INSERT the address_changed outbox row, one round trip each; *full shape* = every statement the service sends, pipelined as the service pipelines them, prepared (\`-M prepared\`) on sessions with the command pool's settings (\`PGOPTIONS=${COMMAND_SESSION_OPTIONS}\`, as the service runs its prepared statements on cached plans), plus one round trip to read the order's version (pgbench cannot \\gset inside a pipeline; the service reads the order in its first pipeline), and remarks appended instead of rewritten (scripts below). The rows written are copies of what the gRPC run wrote (same content and size).
- **CPU**: from /proc over the measured window, % of one core (the machine has ${facts.nproc * 100} %); *other* is everything else on this shared machine, with the busiest foreign processes named.

<details><summary>pgbench scripts</summary>

\`\`\`sql
-- minimal
${abbreviateJson(pgbench.scripts.minimal)}
-- full shape
${abbreviateJson(pgbench.scripts.full)}\`\`\`

</details>
`,
  );
}

async function eventLatency(facts) {
  const startedAt = new Date();
  const { rates, warmupS, eventDurationS } = settings;
  const run = await runEventLatency({ subjectPrefix: newSubjectPrefix(), rates, warmupS, durationS: eventDurationS });
  const sustained = run.results.map(
    (r) =>
      `${r.rate}/s ${r.sustained ? 'sustained' : 'NOT sustained'}` +
      ` (warm-up backlog drained in ${r.warmDrainS.toFixed(1)} s; producer at most ${r.maxBehind} events behind schedule${r.failures ? `, ${r.failures} failed transactions` : ''})`,
  );
  const o = run.overall;
  publish(
    'event-latency',
    `## Event latency: outbox commit → subscriber handler

${environmentLines(facts, command, startedAt)}

${eventLatencyTable(run.results, run)}

- ${sustained.join('; ')}. A first rate that is not sustained is followed by a run at 90 % of what was delivered (rounded down to 50/s), for the latency at a pace the pipeline keeps. Sustained = published ≥ 97 % of target, everything delivered within 1 s of the producer stopping, each event exactly once. *published* = outbox commits inside the window / ${eventDurationS} s; *delivered* = the measured events' handler rows / (last received_at − first created_at), end-to-end throughput; *drain after stop* = how long after the producer stopped the last event arrived.
- Exactly once over the whole run (warm-ups included): ${o.produced} produced, ${o.received_rows} handler rows, ${o.received_distinct} distinct event ids, ${run.strays} unknown ids.
- **Producer and relay**: one process (test/load/event-producer.worker.mjs, with the telemetry hook, as start-service.ts runs a service), as in a service: the commands that write events and the relay that publishes them. The producer writes one event per transaction, ${run.producer === 'orm' ? 'through the ORM unit of work (`Outbox.add`: BEGIN, INSERT, COMMIT, three round trips; BENCH_EVENT_PRODUCER=orm)' : "as the services' hot commands write theirs (`CommandTransactions` with the row `Outbox.event` makes: BEGIN + INSERT + COMMIT pipelined, one round trip; BENCH_EVENT_PRODUCER=orm goes through the ORM instead)"}, paced by a 1 ms timer that launches every event due by now (catching up after a late tick), at most ${run.maxInFlight} transactions in flight on a pool of ${run.producerPool} (the services' DB_POOL_MAX default). The relay is the services' \`OutboxRelay\` (default settings: batches of 100, up to 4 rounds publishing at once, pool of 2), woken in-process when a transaction of that process that wrote events has committed (no NOTIFY). On the database \`cs_bench_events_orders\` (the messaging tables every service has). Per rate: ${warmupS} s warm-up at that rate, then a wait until every warm-up event has arrived (so a cold-start backlog does not pass for the steady state), then ${eventDurationS} s measured. *bench* = the benchmark's own process (pacing is in the producer's).
- **Latency** = handler's received_at − the outbox row's created_at, both PostgreSQL's clock, computed in SQL afterwards. created_at is taken at the insert, a hair before the producer's commit (so the producer's commit, an fsync, is inside the figure); received_at a hair before the subscriber's commit (its commit is not). ce-time in the message carries created_at at millisecond precision; by ce_time the p50/p99 read ${run.results.map((r) => `${r.ceP50?.toFixed(2)}/${r.ceP99?.toFixed(2)} ms at ${r.rate}/s`).join(', ')}. *Relay part* = published_at − created_at; the relay sets published_at after JetStream acknowledged the whole batch, so it is an upper bound of the relay's share.
`,
  );
}

// A level during which other work on this shared machine took this much of a core (%) is flagged.
const DISTURBED_AT = 25;

async function inquiryIngest(facts) {
  const startedAt = new Date();
  const { clients, replicaClients, warmupS, durationS } = settings;
  const results = await runInquiryIngest({
    subjectPrefix: newSubjectPrefix(),
    levels: clients,
    replicaLevels: replicaClients,
    warmupS,
    durationS,
  });
  const failedChecks = results.filter((r) => !r.check.ok);
  const anomalies = results.filter((r) => r.notOpened || r.misrouted);
  const disturbed = results.filter((r) => (r.cpu?.other ?? 0) >= DISTURBED_AT);
  const deskCheck = failedChecks.length
    ? `**⚠ OVERFILLED OR MISCOUNTED AGENTS: the desk check FAILED in ${failedChecks.length} of ${results.length} levels** — ${failedChecks
        .map(
          (r) =>
            `${r.replicas} process(es) × ${r.clients} clients: over capacity [${r.check.overfilled.join(', ') || 'none'}], open_count ≠ ASSIGNED [${r.check.mismatched.join(', ') || 'none'}], ${r.check.orphans} assignments to unknown agents`,
        )
        .join('; ')}.`
    : `passed in all ${results.length} levels: no agent's open_count above its capacity, and open_count = its ASSIGNED conversations, for each of the ${AGENTS.length} agents.`;
  publish(
    'inquiry-ingest',
    `## IngestMessage: a new customer's first message, one inquiry process and two replicas

${environmentLines(facts, command, startedAt)}

${inquiryIngestTable(results)}

- **Request**: \`ConversationsService.IngestMessage\` of a **new customer** (fresh customer id and channel_message_id) on the marketplace IM. In one transaction the service opens a conversation, classifies it by the rules in the database (the seeded defaults), routes it to its class's team and claims a slot of the least-loaded online agent of that team (a conditional \`UPDATE agents … WHERE open_count < capacity\`, whose row lock is held until the commit) or queues it, and writes the message and 3–4 outbox events (opened, classified, assigned, plus aftersales_requested / complaint_raised). Texts rotate over 50 slots in the agents' proportions (pre-sales 30 %, tracking 20 %, order-change 16 %, after-sales 16 %, complaints 8 %, general 10 %: Chinese keywords of the default rules; general = no rule matches, class OTHER). Every response was checked: ${anomalies.length ? `**${anomalies.map((r) => `${r.notOpened} not opened / ${r.misrouted} misrouted at ${r.replicas}×${r.clients}`).join(', ')}**` : 'each opened its conversation and reached the expected team'}.
- **Desk**: before every level, ${AGENTS.length} agents registered and set online through AgentsService: ${teamsOfDesk().join(', ')}; capacity ${AGENT_CAPACITY} each, ${AGENTS.length * AGENT_CAPACITY} slots. The message mix follows the agents' shares, so the teams fill at about the same time: a level's first ~${AGENTS.length * AGENT_CAPACITY} conversations (warm-up included) are assigned, the rest queue (nobody closes any). *assigned / queued* = the window's responses by the status returned; their latencies apart show what the slot claim costs.
- **Rows**: each starts from a fresh \`cs_bench_inquiry\` (migrated by the first process at start), fresh processes (telemetry on, LOG_LEVEL=warn) and the same desk. **1 process**: all clients share one channel. **2 processes**: both on the same database, each with its own channel; client k sends to replica k mod 2. Closed loops, ${warmupS} s warm-up, then ${durationS} s measured; only requests started and finished inside the window count. Each process also runs its outbox relay and the FrontLineScheduler (SLA sweep, auto-close, queue drain; poll ${process.env.BENCH_INQUIRY_SCHEDULER_POLL_MS ? `${process.env.BENCH_INQUIRY_SCHEDULER_POLL_MS} ms` : '5 s, the default'}); their CPU is in "inquiry". *outbox backlog* = rows not yet published at the end of the window.
- **Desk check** (after each level, relay drained, in SQL on the bench database): ${deskCheck} Conversations in the database / successful calls per row: ${results.map((r) => `${r.check.conversations}/${r.check.succeeded}`).join(', ')}.
- **CPU**: from /proc over the measured window, % of one core (the machine has ${facts.nproc * 100} %); two replicas: their sum (each in brackets); *other* is everything else on this shared machine, with the busiest foreign processes named. *CPU per request* = a process group's CPU over the window / the requests measured in it, so it includes what runs beside the requests (relay, scheduler). The scheduler's SLA sweep reads every open conversation each poll, in every replica (the SLA policies once per batch of 100): its share grows with the open conversations of the level (up to the desk check's assigned + queued).${disturbed.length ? ` **Disturbed by other work on the machine** (other ≥ ${DISTURBED_AT} % of a core in the window, so these rows' figures are low): ${disturbed.map((r) => `${r.replicas} process(es) × ${r.clients} clients (other ${r.cpu.other} %)`).join(', ')}.` : ''}
`,
  );
}

async function authOverhead(facts) {
  const startedAt = new Date();
  const { warmupS, durationS } = settings;
  const levels = list(process.env.BENCH_AUTH_CLIENTS, '8,32');
  const rounds = Number(process.env.BENCH_AUTH_ROUNDS ?? 3);
  const run = await runAuthOverhead({ subjectPrefix: newSubjectPrefix(), levels, warmupS, durationS, rounds });
  const v = run.verification;
  publish(
    'auth-overhead',
    `## Identity on the command path: ChangeAddress with token verification off, on, and on without its cache

${environmentLines(facts, command, startedAt)}

${authOverheadSummary(run.results)}

${authOverheadRounds(run.results)}

- **Modes**, each a fresh orders process (test/load/support/orders-auth.worker.mjs: the service's own startService with the chosen verifier) on the same seeded \`cs_bench_auth_orders\` (${ORDER_COUNT} paid orders), in ${rounds} interleaved rounds (off, on, uncached, off, …) so drift over the run hits each mode alike; the summary takes the median over the rounds: *off* = the token is decoded but its signature, issuer, audience and expiry are not checked (the guard, role check, rate limiter and masking still run); *on* = production: ES256 signature checked against the issuer's JWKS (fetched once, cached), a verified token answered from memory until it expires; *uncached* = the signature checked on every request.
- The orders process is CPU-bound (about one core), so its CPU per request (its CPU over the window / requests measured) is the steadier measure of what verification adds; throughput varies by ±15 % between rounds of the same mode on this shared 2-core machine.
- **Verification alone**, in the benchmark process (one core, no I/O): ${fmtUs(v.uncachedUs)} µs per ES256 token verified (${v.count} distinct tokens), ${fmtUs(v.cachedUs)} µs per cached token.
- Clients: closed loops sharing one channel, one order-desk clerk's token for the whole run (as a console keeps its session's), a fresh idempotency key and a random order per request; ${warmupS} s warm-up, ${durationS} s measured per round.
`,
  );
}

const fmtUs = (us) => us.toFixed(1);

// BENCH_COMPLAINT_RATES (50, per second) for BENCH_COMPLAINT_DURATION_S (20 s) each, after the usual warm-up.
async function complaintIntake(facts) {
  const startedAt = new Date();
  const results = await runComplaintIntake({
    subjectPrefix: newSubjectPrefix(),
    rates: list(process.env.BENCH_COMPLAINT_RATES, '50'),
    warmupS: settings.warmupS,
    durationS: Number(process.env.BENCH_COMPLAINT_DURATION_S ?? 20),
  });
  publish('complaint-intake', complaintIntakeSection(results, environmentLines(facts, command, startedAt)));
}

// The sweep runs in this process on its own database; no service process, no NATS.
async function complaintSweep(facts) {
  const startedAt = new Date();
  const result = await runComplaintSweep();
  publish('complaint-sweep', complaintSweepSection(result, environmentLines(facts, command, startedAt)));
}

// Like the complaint sweep: in this process on its own database; no service process, no NATS.
async function inquirySlaSweep(facts) {
  const startedAt = new Date();
  const result = await runInquirySlaSweep();
  publish('inquiry-sla-sweep', inquirySlaSweepSection(result, environmentLines(facts, command, startedAt)));
}

// BENCH_REPLY_CLIENTS (1,8): closed-loop clients per run.
async function replyCheck(facts) {
  const startedAt = new Date();
  const run = await runReplyCheck({
    subjectPrefix: newSubjectPrefix(),
    levels: list(process.env.BENCH_REPLY_CLIENTS, '1,8'),
    warmupS: settings.warmupS,
    durationS: settings.durationS,
  });
  publish('reply-check', replyCheckSection(run, environmentLines(facts, command, startedAt)));
}

// BENCH_KNOWLEDGE_CLIENTS (1,16): closed-loop clients per level.
async function knowledgeSearch(facts) {
  const startedAt = new Date();
  const run = await runKnowledgeSearch({
    subjectPrefix: newSubjectPrefix(),
    levels: list(process.env.BENCH_KNOWLEDGE_CLIENTS, '1,16'),
    warmupS: settings.warmupS,
    durationS: settings.durationS,
  });
  publish('knowledge-search', knowledgeSearchSection(run, environmentLines(facts, command, startedAt)));
}

async function careCampaign(facts) {
  const startedAt = new Date();
  const result = await runCareCampaign();
  publish('care-campaign', careCampaignSection(result, environmentLines(facts, command, startedAt)));
}

async function careTimeline(facts) {
  const startedAt = new Date();
  const run = await runCareTimeline({
    subjectPrefix: newSubjectPrefix(),
    levels: list(process.env.BENCH_TIMELINE_CLIENTS, '1,8'),
    warmupS: settings.warmupS,
    durationS: settings.durationS,
  });
  publish('care-timeline', careTimelineSection(run, environmentLines(facts, command, startedAt)));
}

// BENCH_FOOTPRINT_SERVICES (all six), BENCH_FOOTPRINT_STARTS (3), BENCH_FOOTPRINT_IDLE_S (60), BENCH_FOOTPRINT_SNAPSHOT_DIR,
// BENCH_FOOTPRINT_NODE_FLAGS, BENCH_FOOTPRINT_AS=modules (see footprint.bench.mjs).
async function footprint(facts) {
  const startedAt = new Date();
  const idleS = Number(process.env.BENCH_FOOTPRINT_IDLE_S ?? 60);
  const rows = await runFootprint({
    subjectPrefix: newSubjectPrefix(),
    services: process.env.BENCH_FOOTPRINT_SERVICES?.split(',') ?? FOOTPRINT_SERVICES,
    starts: Number(process.env.BENCH_FOOTPRINT_STARTS ?? 3),
    idleS,
    snapshotDir: process.env.BENCH_FOOTPRINT_SNAPSHOT_DIR,
  });
  const processEnv = Object.entries(SERVICE_PROCESS_ENV)
    .map(([name, value]) => `\`${name}=${value}\``)
    .join(', ');
  publish(
    'footprint',
    `## Footprint: each service alone, cold start and idle memory

${environmentLines(facts, command, startedAt)}

${footprintTable(rows, idleS)}

- Each service alone, from dist, as \`npm start\` and the image run it (\`node ${launchArgs('<service>').join(' ')}\` with ${processEnv}, telemetry on, no exporter, LOG_LEVEL=warn), on its own database migrated beforehand by \`${launchArgs('<service>').at(-1)} migrate\` (not measured). ✗ = misses the goal (RSS < 120 MiB, cold start < 1.5 s).
- *cold start* = spawn of the process → first 200 from /readyz (polled every 10 ms): module loading, config, database check, NATS streams, HTTP and gRPC listening, consumers and relay started. *RSS* = VmRSS from /proc; *peak* = VmHWM over the process's life up to the end of the idle time; *heap* = V8 heap used / total from the service's /metrics.
`,
  );
}

let failed = false;
try {
  const facts = await machineFacts();
  log(`machine: nproc ${facts.nproc}, Node ${facts.node}, PostgreSQL ${facts.postgres}; load average ${loadAverage()}`);
  await cleanUp(); // leftovers of a run that was killed
  cleaning = undefined;
  if (!chosen || chosen === 'change-address') await changeAddress(facts);
  if (!chosen || chosen === 'event-latency') await eventLatency(facts);
  if (!chosen || chosen === 'inquiry-ingest') await inquiryIngest(facts);
  if (!chosen || chosen === 'auth-overhead') await authOverhead(facts);
  if (!chosen || chosen === 'complaint-intake') await complaintIntake(facts);
  if (!chosen || chosen === 'complaint-sweep') await complaintSweep(facts);
  if (!chosen || chosen === 'inquiry-sla-sweep') await inquirySlaSweep(facts);
  if (!chosen || chosen === 'reply-check') await replyCheck(facts);
  if (!chosen || chosen === 'knowledge-search') await knowledgeSearch(facts);
  if (!chosen || chosen === 'care-campaign') await careCampaign(facts);
  if (!chosen || chosen === 'care-timeline') await careTimeline(facts);
  if (!chosen || chosen === 'footprint') await footprint(facts);
} catch (error) {
  failed = true;
  log(`benchmark failed: ${error.stack ?? error}`);
} finally {
  await cleanUp();
}
process.exit(failed ? 1 : 0);
