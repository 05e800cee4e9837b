// The front line's SLA sweep with 100,000 open conversations (BENCH_SLA_OPEN): what one tick of the
// FrontLineScheduler's due work costs when nothing fell due, and when 1,000 conversations did.
//   database:  cs_bench_sla_inquiry, migrated with the built inquiry migrations; the open conversations
//              are seeded in SQL (assigned, first reply given, resolution clock running, next warning
//              1 hour to 11 hours ahead in sla_due_at, as the sweep stores it);
//   sweep:     the service's own works (slaWarningWork + autoCloseWork, built dist) in a DueWorkScheduler
//              with the service's batch size, driven tick by tick with tick(now);
//   rows read: per idle tick, the rows the claim queries returned (scheduler figures), EXPLAIN (ANALYZE,
//              BUFFERS) of both claim queries (rows the index scans visited, pages touched), and the
//              conversations table's seq/idx tuple-read deltas from pg_stat_user_tables over the ticks.
// What the old sweep read per tick (every non-closed conversation, all columns) is timed for scale.
import { migrate, openDatabase } from '@cs/persistence';
import { DueWorkScheduler } from '@cs/scheduler';
import { dbUrl, fmt, loadAverage, log, markdownTable, percentile, repoRoot, sql } from './support/bench.util.mjs';
import { dropBenchDatabases } from './support/cleanup.util.mjs';

export const SLA_DB = process.env.BENCH_SLA_DB ?? 'cs_bench_sla_inquiry';
const OPEN = Number(process.env.BENCH_SLA_OPEN ?? 100_000);
const IDLE_TICKS = Number(process.env.BENCH_SLA_IDLE_TICKS ?? 30);
const DUE = Number(process.env.BENCH_SLA_DUE ?? 1_000);
// FrontLineScheduler's batch size.
const BATCH = 100;

const dist = (path) => import(`${repoRoot}services/inquiry/dist/${path}`);

async function seed(url) {
  await sql(
    url,
    `insert into conversations (id, channel, customer, conversation_class, classification_source, priority, status,
       team, assignee, assignee_id, escalation_level, script_stage, opened_at, last_customer_at, first_response_at,
       first_response_minutes, last_reply_at, close_reason, sla_due_at)
     select gen_random_uuid(), 'CHANNEL_TAOBAO', jsonb_build_object('customerId', 'buyer-' || n),
       'CONVERSATION_CLASS_OTHER', 'CLASSIFICATION_SOURCE_RULES', 'PRIORITY_NORMAL', 'CONVERSATION_STATUS_ASSIGNED',
       'general', jsonb_build_object('agentId', 'a' || (n % 200), 'name', 'agent ' || (n % 200)), 'a' || (n % 200),
       'ESCALATION_LEVEL_AGENT', 'SCRIPT_STAGE_UNSPECIFIED', now() - interval '10 minutes', now() - interval '10 minutes',
       now() - interval '9 minutes', 1, now() - interval '9 minutes', 'CLOSE_REASON_UNSPECIFIED',
       now() + interval '1 hour' + (n % 600) * interval '1 minute'
     from generate_series(1, $1::int) n`,
    [OPEN],
  );
  await sql(url, 'vacuum analyze conversations');
}

/** `count` conversations fall due: unanswered for 5 minutes (first-response target 3), due a minute ago. */
async function makeDue(url, count) {
  await sql(
    url,
    `update conversations set opened_at = now() - interval '5 minutes', first_response_at = null,
       first_response_minutes = null, last_reply_at = null, sla_due_at = now() - interval '1 minute'
     where id in (select id from conversations where sla_due_at > now() order by md5(id::text) limit $1)`,
    [count],
  );
}

const claims = {
  sla: `select id::text as id from conversations where sla_due_at <= $1 and (sla_due_at is not null)
        order by sla_due_at limit ${BATCH} for update skip locked`,
  autoClose: `select id::text as id from conversations where quiet_since <= $1
        and (order_confirmed_at is not null and status <> 'CONVERSATION_STATUS_CLOSED')
        order by quiet_since limit ${BATCH} for update skip locked`,
};

/** EXPLAIN (ANALYZE, BUFFERS) of a claim as the scheduler sends it, rolled back. */
async function explain(url, query, dueBy) {
  const [row] = await sql(url, `explain (analyze, buffers, format json) ${query}`, [dueBy]);
  const root = row['QUERY PLAN'][0];
  const scans = [];
  let rows = 0;
  let buffers = 0;
  const walk = (node) => {
    if (/Scan/.test(node['Node Type'])) {
      scans.push(`${node['Node Type']} on ${node['Index Name'] ?? node['Relation Name']}`);
      rows += node['Actual Rows'];
      buffers += (node['Shared Hit Blocks'] ?? 0) + (node['Shared Read Blocks'] ?? 0);
    }
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(root.Plan);
  return { scans: scans.join(', '), rows, buffers, ms: root['Execution Time'] };
}

/** Tuples the conversations table gave out (sequential + index fetches), as the statistics collector counts. */
async function tuplesRead(url) {
  await sql(url, 'select pg_stat_force_next_flush()');
  const [row] = await sql(
    url,
    `select (coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0))::bigint as n
     from pg_stat_user_tables where relname = 'conversations'`,
  );
  return Number(row.n);
}

async function timedTick(scheduler) {
  const started = performance.now();
  const ticks = await scheduler.tick(new Date());
  const ms = performance.now() - started;
  const sum = (key) => ticks.reduce((total, t) => total + t[key], 0);
  return { ms, claimed: sum('claimed'), handled: sum('handled'), failed: sum('failed') };
}

export async function runInquirySlaSweep() {
  const url = dbUrl(SLA_DB);
  await dropBenchDatabases([SLA_DB]);
  const { inquiryMigrations } = await dist('migrations/index.js');
  const { ConversationSchema } = await dist('infrastructure/conversation.schema.js');
  const { ConversationMessageSchema } = await dist('infrastructure/conversation-message.schema.js');
  const { ConversationReader } = await dist('application/conversation.reader.js');
  const { autoCloseWork, slaWarningWork } = await dist('application/front-line.works.js');
  const { parseShifts } = await dist('domain/business-hours.rule.js');
  const orm = await openDatabase({
    url,
    entities: [ConversationSchema, ConversationMessageSchema],
    migrations: inquiryMigrations,
  });
  try {
    await migrate(orm);
    log(`seeding ${OPEN} open conversations`);
    await seed(url);
    // Round the clock, so the figures do not depend on the hour the benchmark runs at.
    const config = {
      calendar: { timeZone: 'Asia/Shanghai', shifts: parseShifts('00:00-24:00') },
      inquiryAutoCloseQuietSeconds: 600,
    };
    const works = [slaWarningWork(new ConversationReader(config), config), autoCloseWork(config)];
    const scheduler = new DueWorkScheduler(orm, works, { pollMs: 60_000, batchSize: BATCH });
    await timedTick(scheduler); // warm-up: connections, plans
    const loadBefore = loadAverage();

    const before = await tuplesRead(url);
    const idle = [];
    for (let i = 0; i < IDLE_TICKS; i++) idle.push(await timedTick(scheduler));
    const idleTuples = ((await tuplesRead(url)) - before) / IDLE_TICKS;
    const idleMs = idle.map((t) => t.ms).sort((a, b) => a - b);
    const now = new Date();
    const rows = [
      {
        what: `nothing due (${IDLE_TICKS} ticks)`,
        ms: `p50 ${fmt(percentile(idleMs, 50), 2)} · p99 ${fmt(percentile(idleMs, 99), 2)}`,
        claimed: Math.max(...idle.map((t) => t.claimed)),
        handled: 0,
        tuples: fmt(idleTuples, 1),
        explain: [await explain(url, claims.sla, now), await explain(url, claims.autoClose, now)],
      },
    ];

    await makeDue(url, DUE);
    const dueExplain = [await explain(url, claims.sla, new Date()), await explain(url, claims.autoClose, new Date())];
    const dueBefore = await tuplesRead(url);
    const tick = await timedTick(scheduler);
    rows.push({
      what: `${DUE} fell due`,
      ms: fmt(tick.ms, 1),
      claimed: tick.claimed,
      handled: tick.handled,
      tuples: (await tuplesRead(url)) - dueBefore,
      explain: dueExplain,
      perItem: tick.ms / Math.max(1, tick.handled),
    });
    const after = await timedTick(scheduler);

    const [{ breaches }] = await sql(
      url,
      "select count(*)::int as breaches from cs_outbox where subject = 'cs.inquiry.sla.breached'",
    );
    const fullStarted = performance.now();
    const [{ n: fullRows }] = await sql(
      url,
      `select count(*)::int as n from (select * from conversations where status <> 'CONVERSATION_STATUS_CLOSED') open_ones`,
    );
    const fullMs = performance.now() - fullStarted;
    return {
      open: OPEN,
      rows,
      breaches,
      afterClaimed: after.claimed,
      fullRows,
      fullMs,
      load: `${loadBefore} → ${loadAverage()}`,
    };
  } finally {
    await orm.close();
    await dropBenchDatabases([SLA_DB]);
  }
}

export function inquirySlaSweepSection(result, environment) {
  const table = markdownTable(
    [
      'tick',
      'time per tick (ms)',
      'rows returned by the claims',
      'conversations handled',
      'conversations tuples read (pg_stat)',
      'ms per handled conversation',
      'claim plans (SLA · auto-close)',
      'index rows · pages · ms (SLA · auto-close)',
    ],
    result.rows.map((r) => [
      r.what,
      r.ms,
      r.claimed,
      r.handled,
      r.tuples,
      r.perItem ? fmt(r.perItem, 2) : '–',
      r.explain.map((e) => e.scans).join(' · '),
      r.explain.map((e) => `${e.rows} · ${e.buffers} · ${fmt(e.ms, 2)}`).join(' / '),
    ]),
  );
  return `## Inquiry SLA sweep: one tick with ${result.open.toLocaleString('en')} open conversations

${environment}

${table}

- **State**: ${result.open.toLocaleString('en')} open, assigned conversations seeded in a fresh database migrated with the inquiry migrations (first reply given, resolution clock running, next warning 1–11 hours ahead in \`sla_due_at\`; no order confirmed). *${DUE} fell due*: that many conversations become unanswered for 5 minutes (first-response target 3) with \`sla_due_at\` a minute ago.
- **Sweep**: the service's own due work (\`slaWarningWork\`, \`autoCloseWork\` from the built dist) in a \`DueWorkScheduler\`, batches of ${BATCH} claimed with \`FOR UPDATE SKIP LOCKED\` through the partial indexes of migration 0009 (\`conversations_sla_due\`, \`conversations_quiet_since\`); each due conversation gets its breach event, its escalation to the supervisor (a system note, \`ConversationEscalated\`) and its next due time in the claiming transaction. Round-the-clock calendar. *Time per tick* = wall time of \`tick(now)\` (two claim queries even when nothing is due, every batch, commits included); the service's queue drain after the tick is not included.
- **Rows read**: *rows returned by the claims* from the scheduler; *tuples read* = the change of \`seq_tup_read + idx_tup_fetch\` of \`conversations\` in \`pg_stat_user_tables\` (per idle tick, averaged; for the due tick, the handlers' reads included); the claim plans on the same state: index scanned, rows it returned, pages touched, execution time. The tick after the due one claimed ${result.afterClaimed} rows (each handled conversation stored its next due time). ${result.breaches} \`cs.inquiry.sla.breached\` events in the outbox.
- **Before (issue 16)**: the sweep read every non-closed conversation each tick, in every replica, then one transaction per due conversation. For scale: reading every open conversation once returned ${result.fullRows.toLocaleString('en')} rows in ${fmt(result.fullMs, 1)} ms (one query; the old sweep also computed three clocks per row in JavaScript).
- **Machine load** (1-minute load average, start → end of the ticks): ${result.load}.
`;
}
