// The complaint desk's deadline sweep with 100,000 open complaints (BENCH_SWEEP_OPEN): what one tick
// costs when nothing, 100 or 1,000 files fell due since the last one, and with two replicas at once.
//   database:  cs_bench_sweep_complaints, migrated with the built complaints migrations; the open files
//              are seeded in SQL (stages, severities and levels mixed; 10 % from platform / 12315 with
//              an external deadline; 5 % overdue already with the manager, whom nobody is above);
//   sweep:     the service's own DueWorkScheduler + deadlineWorks (built dist), driven here tick by tick
//              with tick(now), batch size 100 as configured by default;
//   rows read: what the claim queries returned (the due rows) plus one read per claimed file, counted by
//              the scheduler; and EXPLAIN (ANALYZE, BUFFERS) of the claim query on the same state (in a
//              rolled-back transaction) for the rows the index scan visited and the pages touched.
// A full read of the open files (what a sweep without the due-time index would do) is timed for scale.
import { migrate, openDatabase } from '@cs/persistence';
import { DueWorkScheduler } from '@cs/scheduler';
import { dbUrl, fmt, loadAverage, log, markdownTable, percentile, repoRoot, sql } from './support/bench.util.mjs';
import { dropBenchDatabases } from './support/cleanup.util.mjs';

// BENCH_SWEEP_DB: another database name, e.g. one other benchmarks' cleanup does not drop meanwhile.
export const SWEEP_DB = process.env.BENCH_SWEEP_DB ?? 'cs_bench_sweep_complaints';
const OPEN = Number(process.env.BENCH_SWEEP_OPEN ?? 100_000);
const IDLE_TICKS = Number(process.env.BENCH_SWEEP_IDLE_TICKS ?? 30);
const BATCH = 100;
const LEAD_MINUTES = 1_080;

const dist = (path) => import(`${repoRoot}services/complaints/dist/${path}`);

async function seed(url) {
  // Due times from one hour to ten days ahead, so nothing falls due by itself during the run.
  await sql(
    url,
    `insert into complaint (complaint_id, number, source, customer_id, customer, claimed_nature, stage, stage_entered_at,
       severity, nature, escalation_level, step_due_at, external_deadline, opened_at, updated_at, skus)
     select gen_random_uuid(), 'TS-BENCH-' || n,
       case when n % 10 = 0 then 'COMPLAINT_SOURCE_PLATFORM' else 'COMPLAINT_SOURCE_CONVERSATION' end,
       'buyer-' || (n % 5000), jsonb_build_object('customerId', 'buyer-' || (n % 5000)),
       'COMPLAINT_NATURE_PRODUCT_QUALITY',
       (array['COMPLAINT_STAGE_VERIFYING','COMPLAINT_STAGE_ANALYSING','COMPLAINT_STAGE_PROPOSING',
              'COMPLAINT_STAGE_EXECUTING','COMPLAINT_STAGE_CONFIRMING'])[1 + n % 5],
       now() - interval '1 day',
       case when n % 20 = 1 then 'SEVERITY_CRITICAL' when n % 4 = 2 then 'SEVERITY_SERIOUS' else 'SEVERITY_ORDINARY' end,
       'COMPLAINT_NATURE_PRODUCT_QUALITY',
       case when n % 20 = 0 then 'ESCALATION_LEVEL_MANAGER'
            when n % 20 = 1 then 'ESCALATION_LEVEL_SUPERVISOR' else 'ESCALATION_LEVEL_AGENT' end,
       case when n % 20 = 0 then now() - interval '2 hours'
            else now() + interval '1 hour' + (n % 14400) * interval '1 minute' end,
       case when n % 10 = 0 then now() + interval '6 days' + (n % 20000) * interval '1 minute' end,
       now() - interval '1 day', now() - interval '1 day',
       array['SKU-' || (n % 3000)]
     from generate_series(1, $1::int) n`,
    [OPEN],
  );
  await sql(url, 'analyze complaint');
}

/** `count` files below the manager fall due: their step deadline moves a minute into the past. */
async function makeDue(url, count) {
  await sql(
    url,
    `update complaint set step_due_at = now() - interval '1 minute'
     where complaint_id in (
       select complaint_id from complaint
       where escalation_level = 'ESCALATION_LEVEL_AGENT' and step_due_at > now()
       order by md5(complaint_id::text) limit $1)`,
    [count],
  );
}

/** EXPLAIN (ANALYZE, BUFFERS) of the step-overdue claim as the scheduler sends it, rolled back. */
async function explainClaim(orm) {
  const em = orm.em.fork();
  let plan = [];
  await em
    .transactional(async (tx) => {
      plan = await tx.execute(
        `explain (analyze, buffers, format json)
         select complaint_id::text as id from complaint
         where step_due_at <= ? and (step_due_at is not null and escalation_level <> 'ESCALATION_LEVEL_MANAGER')
         order by step_due_at limit ? for update skip locked`,
        [new Date(), BATCH],
      );
      throw new Error('rollback');
    })
    .catch((error) => {
      if (error.message !== 'rollback') throw error;
    });
  const root = plan[0]['QUERY PLAN'][0];
  const scans = [];
  const walk = (node) => {
    if (/Scan/.test(node['Node Type']))
      scans.push(`${node['Node Type']} on ${node['Index Name'] ?? node['Relation Name']}`);
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(root.Plan);
  const scan = (node) => (/Scan/.test(node['Node Type']) ? node : (node.Plans ?? []).map(scan).find(Boolean));
  const leaf = scan(root.Plan);
  return {
    scans: scans.join(', '),
    rows: leaf?.['Actual Rows'] ?? 0,
    buffers: (leaf?.['Shared Hit Blocks'] ?? 0) + (leaf?.['Shared Read Blocks'] ?? 0),
    ms: root['Execution Time'],
  };
}

async function timedTick(scheduler) {
  const started = performance.now();
  const ticks = await scheduler.tick(new Date());
  const ms = performance.now() - started;
  const sum = (key) => ticks.reduce((total, t) => total + t[key], 0);
  const claimed = sum('claimed');
  // Each claimed file is read once more by its handler (its columns, row already locked).
  return { ms, claimed, escalated: sum('handled'), failed: sum('failed'), rowsRead: claimed * 2 };
}

export async function runComplaintSweep() {
  const url = dbUrl(SWEEP_DB);
  await dropBenchDatabases([SWEEP_DB]);
  const { complaintsMigrations } = await dist('migrations/index.js');
  const { deadlineWorks } = await dist('application/deadline-sweep.js');
  const { defaultStepDeadlinePolicy } = await dist('domain/step-deadline.rule.js');
  const orm = await openDatabase({ url, entities: [], migrations: complaintsMigrations });
  const replicaOrm = await openDatabase({ url, entities: [], migrations: complaintsMigrations });
  try {
    await migrate(orm);
    log(`seeding ${OPEN} open complaints`);
    await seed(url);
    const policy = defaultStepDeadlinePolicy(process.env.SHOP_TIMEZONE ?? 'Asia/Shanghai');
    const sweeper = (db) =>
      new DueWorkScheduler(db, deadlineWorks(policy, LEAD_MINUTES), { pollMs: 60_000, batchSize: BATCH });
    const replicaA = sweeper(orm);
    const replicaB = sweeper(replicaOrm);
    await timedTick(replicaA); // warm-up: connections, plans
    const loadBefore = loadAverage();

    const rows = [];
    const idle = [];
    for (let i = 0; i < IDLE_TICKS; i++) idle.push(await timedTick(replicaA));
    const idleMs = idle.map((t) => t.ms).sort((a, b) => a - b);
    rows.push({
      what: `nothing due (${IDLE_TICKS} ticks)`,
      ms: `p50 ${fmt(percentile(idleMs, 50), 2)} · p99 ${fmt(percentile(idleMs, 99), 2)}`,
      claimed: idle[0].claimed,
      escalated: 0,
      rowsRead: idle[0].rowsRead,
      explain: await explainClaim(orm),
    });

    for (const due of [100, 1_000]) {
      await makeDue(url, due);
      const explain = await explainClaim(orm);
      const tick = await timedTick(replicaA);
      rows.push({
        ...tick,
        what: `${due} fell due`,
        ms: fmt(tick.ms, 1),
        explain,
        perFile: tick.ms / Math.max(1, tick.escalated),
      });
    }

    await makeDue(url, 1_000);
    const explain = await explainClaim(orm);
    const started = performance.now();
    const [a, b] = await Promise.all([timedTick(replicaA), timedTick(replicaB)]);
    const both = performance.now() - started;
    const [{ files, steps }] = await sql(
      url,
      `select count(distinct complaint_id)::int as files, count(*)::int as steps
       from complaint_step where action = 'escalated' and at > now() - interval '10 minutes'`,
    );
    rows.push({
      what: '1000 fell due, 2 replicas at once',
      ms: `${fmt(both, 1)} (A ${fmt(a.ms, 1)} · B ${fmt(b.ms, 1)})`,
      claimed: a.claimed + b.claimed,
      escalated: a.escalated + b.escalated,
      rowsRead: a.rowsRead + b.rowsRead,
      explain,
      perFile: both / Math.max(1, a.escalated + b.escalated),
      split: `A ${a.escalated} · B ${b.escalated}`,
    });

    const fullStarted = performance.now();
    const [{ n: fullRows }] = await sql(
      url,
      `select count(*)::int as n from (select complaint_id, stage, severity, escalation_level, step_due_at, external_deadline
       from complaint where archived_at is null) open_files`,
    );
    const fullMs = performance.now() - fullStarted;
    const [{ escalations }] = await sql(
      url,
      "select count(*)::int as escalations from cs_outbox where subject = 'cs.complaints.complaint.escalated'",
    );
    return {
      open: OPEN,
      rows,
      fullRows,
      fullMs,
      exactlyOnce: { files, steps },
      escalations,
      load: `${loadBefore} → ${loadAverage()}`,
    };
  } finally {
    await replicaOrm.close();
    await orm.close();
    await dropBenchDatabases([SWEEP_DB]);
  }
}

export function complaintSweepSection(result, environment) {
  const table = markdownTable(
    [
      'tick',
      'time per tick (ms)',
      'rows returned by the claims',
      'files escalated',
      'rows read (claims + handlers)',
      'ms per escalated file',
      'claim plan (EXPLAIN ANALYZE)',
      'index rows · pages · ms',
    ],
    result.rows.map((r) => [
      r.what,
      r.ms,
      r.claimed,
      `${r.escalated}${r.split ? ` (${r.split})` : ''}`,
      r.rowsRead,
      r.perFile ? fmt(r.perFile, 2) : '–',
      r.explain.scans,
      `${r.explain.rows} · ${r.explain.buffers} · ${fmt(r.explain.ms, 2)}`,
    ]),
  );
  return `## Complaint deadline sweep: one tick with ${result.open.toLocaleString('en')} open complaints

${environment}

${table}

- **State**: ${result.open.toLocaleString('en')} open files seeded in a fresh database migrated with the complaints migrations (five stages; 5 % critical, starting with the supervisor; 10 % from the platform with an external deadline 6–20 days ahead; **5 % already overdue with the manager**, whom nobody is above). The other step deadlines lie 1 hour to 10 days ahead; before each row, *N fell due* moves N files' deadlines a minute into the past (files with the agent, at random).
- **Sweep**: the service's \`DueWorkScheduler\` with its two kinds of due work (\`deadlineWorks\`: external deadline within ${LEAD_MINUTES} business minutes, then overdue steps), batches of ${BATCH} claimed with \`FOR UPDATE SKIP LOCKED\` through the partial indexes of migration 0003; each escalation updates the file, appends its \`escalated\` step and writes \`ComplaintEscalated\` to the outbox in the claiming transaction. *Time per tick* = wall time of \`tick(now)\` in this process (both kinds of work — two claim queries even when nothing is due —, every batch, commits included).
- **Rows read**: the rows the claim queries returned plus one read of each claimed file by its handler. The claim's plan on the same state: the index it scans, the rows that scan returned, the pages it touched (shared hit + read), its execution time. An idle tick reads no file at all: the ${(result.open / 20).toLocaleString('en')} overdue files with the manager are outside the partial index and are never read again.
- **Exactly once with two replicas**: ${result.exactlyOnce.steps} \`escalated\` steps were written for ${result.exactlyOnce.files} distinct files over the run (one per file per escalation), ${result.escalations} \`ComplaintEscalated\` events in the outbox.
- **Machine load** (1-minute load average on this shared 2-core machine, start → end of the ticks): ${result.load}; other work running at the same time lengthens the ticks that write.
- **For scale**: reading every open file's deadline columns once (what a sweep without the due-time index would do per tick) returned ${result.fullRows.toLocaleString('en')} rows in ${fmt(result.fullMs, 1)} ms (one query, no locking, no per-file work).
`;
}
