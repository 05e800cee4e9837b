// GetCustomerTimeline for a customer with 1,000 timeline entries among 100,000 customers
// (BENCH_TIMELINE_CUSTOMERS), goal p99 < 50 ms:
//   database: cs_bench_care_timeline, migrated by the built care service at start; the profiles and
//             timeline entries are seeded in SQL (BENCH_TIMELINE_OTHER_ENTRIES per other customer, 5 by
//             default, so the table holds ~500,000 rows besides the target's 1,000);
//   load:     closed-loop gRPC clients (1 and 8 by default, BENCH_TIMELINE_CLIENTS), each call a page of 50
//             picked at random among the customer's 20 pages (first page and deep keyset pages alike);
//   plan:     EXPLAIN (ANALYZE, BUFFERS) of the deepest page's query, to show it is one index range scan.
import { CustomersServiceService } from '@cs/contracts/cs/care/v1/customers_service';
import { createGrpcClient } from '@cs/grpc';
import { bearerFor } from '@cs/testing';
import pg from 'pg';
import { dbUrl, fmt, log, markdownTable, percentile, sql } from './support/bench.util.mjs';
import { dropBenchDatabases } from './support/cleanup.util.mjs';
import { closedLoop, cpuGroupsWith } from './support/closed-loop.mjs';
import { describeCpu } from './support/cpu.sampler.mjs';
import { startService } from './support/processes.util.mjs';

export const TIMELINE_DB = process.env.BENCH_TIMELINE_DB ?? 'cs_bench_care_timeline';
const CUSTOMERS = Number(process.env.BENCH_TIMELINE_CUSTOMERS ?? 100_000);
const OTHER_ENTRIES = Number(process.env.BENCH_TIMELINE_OTHER_ENTRIES ?? 5);
const TARGET_ENTRIES = 1_000;
const PAGE_SIZE = 50;
const TARGET = 'buyer-timeline-target';
const careAgent = { roles: ['care-agent'], agentId: 'bench-care', name: '关怀' };

async function seed(url) {
  await sql(
    url,
    `insert into customer_profiles (customer_id, display_name, first_seen_at, paid_orders, total_spend_fen, lifecycle_stage)
     select 'buyer-' || n, '买家' || n, now() - interval '400 days', n % 7, (n % 7) * 9900,
            case when n % 7 = 0 then 'prospect' when n % 7 = 1 then 'first_buyer' when n % 7 < 5 then 'returning' else 'loyal' end
     from generate_series(1, $1::int) n`,
    [CUSTOMERS],
  );
  await sql(
    url,
    `insert into customer_profiles (customer_id, display_name, first_seen_at) values ($1, '目标买家', now() - interval '400 days')`,
    [TARGET],
  );
  // Other customers' entries interleave in time with the target's, as a real table's would.
  await sql(
    url,
    `insert into timeline_entries (entry_id, customer_id, source_key, ref_kind, ref_id, kind, occurred_at, summary)
     select gen_random_uuid(), 'buyer-' || (n % $1::int + 1), 'bench:' || n, 'order', 'TB' || n, 'order',
            now() - (n % 525600) * interval '1 minute', 'order placed, 99.00 CNY'
     from generate_series(1, $2::int) n`,
    [CUSTOMERS, CUSTOMERS * OTHER_ENTRIES],
  );
  await sql(
    url,
    `insert into timeline_entries (entry_id, customer_id, source_key, ref_kind, ref_id, kind, occurred_at, summary)
     select gen_random_uuid(), $1, 'bench-target:' || n,
            (array['order','conversation','case','survey'])[1 + n % 4], 'REF' || n,
            (array['order','contact','case','survey'])[1 + n % 4],
            now() - (n * 7) * interval '1 hour', 'entry ' || n
     from generate_series(1, $2::int) n`,
    [TARGET, TARGET_ENTRIES],
  );
  await sql(url, 'analyze timeline_entries');
  await sql(url, 'analyze customer_profiles');
}

/** The 20 page tokens of the target's timeline, walked once (also checks the walk is complete). */
async function pageTokens(customers) {
  const tokens = [''];
  let seen = 0;
  for (;;) {
    const reply = await customers.getCustomerTimeline({
      customerId: TARGET,
      page: { pageSize: PAGE_SIZE, pageToken: tokens.at(-1) },
    });
    seen += reply.entries.length;
    if (!reply.page.nextPageToken) break;
    tokens.push(reply.page.nextPageToken);
  }
  if (seen !== TARGET_ENTRIES) throw new Error(`walked ${seen} timeline entries, expected ${TARGET_ENTRIES}`);
  return tokens;
}

async function explainDeepPage(url, tokens) {
  const [millis, id] = Buffer.from(tokens.at(-1), 'base64url').toString('utf8').split('|');
  const rows = await sql(
    url,
    `explain (analyze, buffers, format json)
     select entry_id, kind, ref_kind, ref_id, occurred_at, summary from timeline_entries
     where customer_id = $1 and (occurred_at, entry_id) < ($2, $3)
     order by occurred_at desc, entry_id desc limit $4`,
    [TARGET, new Date(Number(millis)), id, PAGE_SIZE + 1],
  );
  const root = rows[0]['QUERY PLAN'][0];
  const scans = [];
  const walk = (node) => {
    if (/Scan/.test(node['Node Type']))
      scans.push(`${node['Node Type']} on ${node['Index Name'] ?? node['Relation Name']}`);
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(root.Plan);
  return {
    scans: scans.join(', '),
    ms: root['Execution Time'],
    buffers: root.Plan['Shared Hit Blocks'] + root.Plan['Shared Read Blocks'],
  };
}

/** The page query alone, straight to PostgreSQL on one connection: 500 random pages, sequentially. */
async function queryAlone(url, tokens) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const ms = [];
  try {
    for (let i = 0; i < 500; i++) {
      const token = tokens[Math.floor(Math.random() * tokens.length)];
      const [millis, id] = token ? Buffer.from(token, 'base64url').toString('utf8').split('|') : [];
      const started = performance.now();
      await client.query(
        `select entry_id, kind, ref_kind, ref_id, occurred_at, summary from timeline_entries
         where customer_id = $1 ${token ? 'and (occurred_at, entry_id) < ($3, $4)' : ''}
         order by occurred_at desc, entry_id desc limit $2`,
        token ? [TARGET, PAGE_SIZE + 1, new Date(Number(millis)), id] : [TARGET, PAGE_SIZE + 1],
      );
      ms.push(performance.now() - started);
    }
  } finally {
    await client.end();
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99) };
}

export async function runCareTimeline({ subjectPrefix, levels, warmupS, durationS }) {
  const url = dbUrl(TIMELINE_DB);
  await dropBenchDatabases([TIMELINE_DB]);
  const care = await startService('care', { databaseUrl: url, subjectPrefix });
  const customers = createGrpcClient(CustomersServiceService, care.grpcAddress, { bearer: bearerFor(careAgent) });
  try {
    log(
      `seeding ${CUSTOMERS} customers, ${CUSTOMERS * OTHER_ENTRIES} other timeline entries, ${TARGET_ENTRIES} for the target`,
    );
    const seedStarted = performance.now();
    await seed(url);
    const seedS = (performance.now() - seedStarted) / 1000;
    const [{ rows }] = await sql(url, 'select count(*)::int as rows from timeline_entries');
    const tokens = await pageTokens(customers);
    const plan = await explainDeepPage(url, tokens);
    const alone = await queryAlone(url, tokens);
    const results = [];
    for (const clients of levels) {
      log(`care-timeline: ${clients} client(s)`);
      const run = await closedLoop({
        clients,
        warmupS,
        durationS,
        cpuGroups: cpuGroupsWith({ care: { pid: care.pid } }),
        call: async () => {
          const pageToken = tokens[Math.floor(Math.random() * tokens.length)];
          const reply = await customers.getCustomerTimeline({
            customerId: TARGET,
            page: { pageSize: PAGE_SIZE, pageToken },
          });
          if (reply.entries.length !== PAGE_SIZE) throw new Error(`a page of ${reply.entries.length} entries`);
        },
      });
      log(`  ${fmt(run.throughput)} req/s, p50 ${fmt(run.p50, 2)} ms, p99 ${fmt(run.p99, 2)} ms`);
      results.push(run);
    }
    return { results, rows, pages: tokens.length, plan, alone, seedS, warmupS, durationS };
  } finally {
    customers.close();
    await care.stop();
    await dropBenchDatabases([TIMELINE_DB]);
  }
}

export function careTimelineSection(run, environment) {
  const table = markdownTable(
    ['clients', 'requests/s', 'p50 ms', 'p99 ms', 'goal p99 < 50 ms', 'errors', 'CPU over the window'],
    run.results.map((r) => [
      r.clients,
      fmt(r.throughput),
      fmt(r.p50, 2),
      fmt(r.p99, 2),
      r.p99 < 50 ? 'met' : '**missed**',
      Object.entries(r.errors ?? {})
        .map(([name, count]) => `${name} ${count}`)
        .join(', ') || '0',
      describeCpu(r.cpu),
    ]),
  );
  return `## GetCustomerTimeline: 1,000 entries for one customer among ${CUSTOMERS.toLocaleString('en')} customers

${environment}

${table}

- **Data**: ${CUSTOMERS.toLocaleString('en')} profiles; timeline_entries holds ${run.rows.toLocaleString('en')} rows (${OTHER_ENTRIES} per other customer, ${TARGET_ENTRIES} for the target, interleaved in time), seeded in SQL in ${fmt(run.seedS)} s and analysed.
- **Request**: \`CustomersService.GetCustomerTimeline\` over gRPC to one care process (built dist, telemetry on, LOG_LEVEL=warn), pages of ${PAGE_SIZE}, each call one of the customer's ${run.pages} pages at random (keyset tokens from one walk, which returned all ${TARGET_ENTRIES} entries newest first). Closed loops, ${run.warmupS} s warm-up, ${run.durationS} s measured.
- **Plan of the deepest page** (EXPLAIN ANALYZE on the same state): ${run.plan.scans}, ${fmt(run.plan.ms, 3)} ms in PostgreSQL, ${run.plan.buffers} buffers: a keyset page is one range scan of \`timeline_entries_newest_first (customer_id, occurred_at desc, entry_id desc)\`, so page 20 costs what page 1 does. The same query alone over one connection (500 random pages, in sequence): p50 ${fmt(run.alone.p50, 2)} ms, p99 ${fmt(run.alone.p99, 2)} ms.
- **Machine**: shared with other work (see *CPU over the window*: *other* is everything else running); latencies above the query's own are queueing for the 2 cores.
`;
}
