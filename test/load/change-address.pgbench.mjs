// The database's share of ChangeAddress: pgbench runs transactions of the same shape on the same
// machine, against a fresh copy of the orders schema, with no Node process in the way.
//   minimal: update the order + insert the address_changed outbox row (the brief's comparison);
//   full:    every statement the service sends, pipelined as it sends them: BEGIN + idempotency
//            lock + look-up, then one guarded write (versioned update, the change record, every
//            outbox row, the idempotency row) + COMMIT; plus a round trip to read the version.
// The rows it writes are copies of what the gRPC run wrote (its database is the template), so their
// content and size follow the service; the statements themselves mirror the ChangeAddress handler
// (services/orders/src/application/change-address.handler.ts, libs/persistence/src/command-transaction.ts)
// and must follow them when they change.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMAND_SESSION_OPTIONS, ensureDatabaseExists, migrate, openDatabase } from '@cs/persistence';
import { DATABASE as GRPC_DATABASE } from './change-address.bench.mjs';
import { dbUrl, fmt, loadAverage, log, PG_SERVER, percentile, repoRoot, sql } from './support/bench.util.mjs';
import { dropBenchDatabases } from './support/cleanup.util.mjs';
import { describeCpu, startCpuSample } from './support/cpu.sampler.mjs';
import { ORDER_COUNT } from './support/order.fixture.mjs';
import { track } from './support/processes.util.mjs';

export const DATABASE = 'cs_bench_pgbench';
const PGBENCH = process.env.BENCH_PGBENCH ?? '/usr/bin/pgbench';

/** A JSON text from PostgreSQL as a jsonb literal. */
const literal = (json) => `'${json.replaceAll("'", "''")}'::jsonb`;
const ID = `'BO' || lpad(:n::text, 5, '0')`;
const KEY = `:client_id::text || '-' || :k::text`;

/** What the last ChangeAddress of the gRPC run wrote: its order, change record, events and stored outcome. */
async function templates() {
  const url = dbUrl(GRPC_DATABASE);
  const [last] = await sql(
    url,
    `select aggregate_id, aggregate_version from cs_outbox
      where subject = 'cs.orders.order.address_changed' order by created_at desc limit 1`,
  ).catch(() => []);
  if (!last)
    throw new Error(`pgbench copies the rows of the gRPC run (${GRPC_DATABASE}): run the change-address benchmark`);
  const events = await sql(
    url,
    `select subject, payload::text, headers::text from cs_outbox
      where aggregate_id = $1 and aggregate_version = $2 order by created_at`,
    [last.aggregate_id, last.aggregate_version],
  );
  const [order] = await sql(
    url,
    `select (to_jsonb(o) - 'remarks')::text as row, address::text, jsonb_build_array(remarks -> -1)::text as remark
       from orders o where id = $1`,
    [last.aggregate_id],
  );
  const [{ outcome }] = await sql(
    url,
    "select outcome::text from idempotency_keys where operation = 'ChangeAddress' order by created_at desc limit 1",
  );
  // The change record (order_changes) of newer order desks; absent in older schemas.
  const [change] = await sql(
    url,
    `select (to_jsonb(c) - 'id' - 'order_id')::text as row from order_changes c
      where order_id = $1 order by requested_at desc limit 1`,
    [last.aggregate_id],
  ).catch(() => []);
  return { events, order, outcome, change };
}

function scripts(t) {
  const update = `UPDATE orders SET address = ${literal(t.order.address)}, remarks = remarks || ${literal(t.order.remark)}, version = version + 1`;
  const addressChanged = t.events.find((e) => e.subject === 'cs.orders.order.address_changed');
  const outboxRow = (e) => `INSERT INTO cs_outbox (id, subject, aggregate_id, aggregate_version, payload, headers)
  SELECT gen_random_uuid(), '${e.subject}', ${ID}, :version, ${literal(e.payload)}, ${literal(e.headers)};`;
  return {
    minimal: `\\set n random(1, ${ORDER_COUNT})
BEGIN;
${update} WHERE id = ${ID} RETURNING version \\gset
${outboxRow(addressChanged)}
COMMIT;
`,
    // A version conflict (another client changed the order between select and update) updates no row:
    // the service would retry the whole transaction; here the guarded write writes nothing and is
    // counted afterwards (transactions − address_changed rows).
    // The service's lean path (CommandTransactions): a pipeline of BEGIN, the key's lock and its
    // stored outcome (the order is read in it too; pgbench cannot \gset inside a pipeline, so its
    // version is read in a round trip of its own), then one guarded write statement and COMMIT.
    full: `\\set n random(1, ${ORDER_COUNT})
\\set k random(1, 9000000000000000000)
\\startpipeline
BEGIN;
SELECT pg_advisory_xact_lock(hashtext('ChangeAddress:' || ${KEY}));
SELECT key, fingerprint, outcome FROM idempotency_keys WHERE operation = 'ChangeAddress' AND key IN ('sha256:' || ${KEY}, ${KEY});
\\endpipeline
SELECT version FROM orders WHERE id = ${ID} \\gset o_
\\startpipeline
WITH guard AS (${update} WHERE id = ${ID} AND version = :o_version RETURNING version)${
      t.change
        ? `,
  w0 AS (INSERT INTO order_changes SELECT (jsonb_populate_record(null::order_changes,
    ${literal(t.change.row)} || jsonb_build_object('id', gen_random_uuid(), 'order_id', ${ID}))).* FROM guard)`
        : ''
    },
  w1 AS (INSERT INTO cs_outbox (id, subject, aggregate_id, aggregate_version, payload, headers)
    SELECT gen_random_uuid(), e.subject, ${ID}, guard.version, e.payload, e.headers FROM guard, (VALUES
      ${t.events.map((e) => `('${e.subject}', ${literal(e.payload)}, ${literal(e.headers)})`).join(',\n      ')}) e (subject, payload, headers)),
  w2 AS (INSERT INTO idempotency_keys (operation, key, fingerprint, outcome)
    SELECT 'ChangeAddress', ${KEY}, md5(:k::text) || md5(:client_id::text), ${literal(t.outcome)} FROM guard)
SELECT count(*) FROM guard;
COMMIT;
\\endpipeline
`,
  };
}

/** A fresh database with the orders migrations and ORDER_COUNT paid orders copied from the gRPC run's order. */
async function prepareDatabase(t) {
  await dropBenchDatabases([DATABASE]);
  await ensureDatabaseExists(dbUrl(DATABASE));
  // Imported here, not at the top: the event-latency benchmark must not need the orders build.
  const { ordersMigrations } = await import(`${repoRoot}services/orders/dist/migrations/index.js`);
  const orm = await openDatabase({ url: dbUrl(DATABASE), entities: [], migrations: ordersMigrations });
  try {
    await migrate(orm);
  } finally {
    await orm.close();
  }
  await sql(
    dbUrl(DATABASE),
    `insert into orders select (jsonb_populate_record(null::orders, $1::jsonb || jsonb_build_object(
       'id', 'BO' || lpad(i::text, 5, '0'), 'remarks', '[]'::jsonb, 'version', 2))).*
       from generate_series(1, $2::int) i`,
    [t.order.row, ORDER_COUNT],
  );
  // The gRPC database holds the seeding's published events (placed + paid); so does this one.
  await sql(
    dbUrl(DATABASE),
    `insert into cs_outbox (id, subject, aggregate_id, aggregate_version, payload, published_at)
     select gen_random_uuid(), 'cs.orders.order.placed', 'BO' || lpad((i / 2 + 1)::text, 5, '0'), 1, $1, now()
       from generate_series(0, $2::int - 1) i`,
    [t.events[0].payload, ORDER_COUNT * 2],
  );
  await sql(dbUrl(DATABASE), 'vacuum analyze');
}

/**
 * How each script's statements are sent: minimal as unnamed statements (the brief's comparison), the
 * full shape prepared, on sessions set up as the service's command pool sets up its own.
 */
const SENT_AS = {
  minimal: { mode: 'extended' },
  full: { mode: 'prepared', pgOptions: COMMAND_SESSION_OPTIONS },
};

function pgbench(args, { sampleCpu = false, durationS = 0, pgOptions } = {}) {
  const url = new URL(PG_SERVER);
  const connection = [
    '-h',
    url.hostname,
    '-p',
    url.port || '5432',
    '-U',
    decodeURIComponent(url.username || 'postgres'),
  ];
  return new Promise((resolve, reject) => {
    const entry = track(
      spawn(PGBENCH, [...connection, ...args, DATABASE], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: pgOptions ? { ...process.env, PGOPTIONS: pgOptions } : process.env,
      }),
      'pgbench',
    );
    let output = '';
    entry.child.stdout.on('data', (chunk) => (output += chunk));
    let cpu;
    const timers = [];
    if (sampleCpu) {
      // Sampled inside the run (its backends exit with it): from 1 s in to 1 s before the end.
      timers.push(
        setTimeout(
          () =>
            (cpu = startCpuSample({
              pgbench: { comm: 'pgbench' },
              postgres: { comm: 'postgres' },
              nats: { comm: 'nats-server' },
            })),
          1000,
        ),
      );
      timers.push(setTimeout(() => (cpu = cpu?.()), (durationS - 1) * 1000));
    }
    entry.child.on('error', reject);
    entry.done.then(() => {
      for (const timer of timers) clearTimeout(timer);
      if (entry.code !== 0)
        reject(new Error(`pgbench exited with ${entry.code ?? entry.signal}:\n${entry.lines.join('\n')}`));
      else resolve({ output, cpu: typeof cpu === 'object' ? cpu : undefined });
    });
  });
}

async function level(scriptFile, clients, { warmupS, durationS, dir, sentAs }) {
  const { mode, pgOptions } = sentAs;
  const common = ['-n', '-M', mode, '-f', scriptFile, '-c', String(clients), '-j', String(Math.min(2, clients))];
  await pgbench([...common, '-T', String(warmupS)], { pgOptions });
  const logPrefix = join(dir, `c${clients}-${Date.now()}`);
  const events = async () =>
    Number(
      (
        await sql(
          dbUrl(DATABASE),
          "select count(*) as n from cs_outbox where subject = 'cs.orders.order.address_changed'",
        )
      )[0].n,
    );
  const eventsBefore = await events();
  const { output, cpu } = await pgbench([...common, '-T', String(durationS), '-l', `--log-prefix=${logPrefix}`], {
    sampleCpu: true,
    durationS,
    pgOptions,
  });
  const processed = Number(/number of transactions actually processed: (\d+)/.exec(output)?.[1] ?? 0);
  const conflicts = processed - ((await events()) - eventsBefore);
  // Per-transaction log lines: client_id transaction_no time_us script_no epoch epoch_us
  const latencies = [];
  let failed = 0;
  const base = logPrefix.slice(dir.length + 1);
  for (const file of readdirSync(dir).filter((f) => f.startsWith(`${base}.`))) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      const time = line.split(' ')[2];
      if (time === undefined) continue;
      if (/^\d+$/.test(time)) latencies.push(Number(time) / 1000);
      else failed++; // "failed" or "skipped"
    }
  }
  latencies.sort((a, b) => a - b);
  const tps = Number(/tps = ([\d.]+)/.exec(output)?.[1]);
  const reportedFailed = Number(/number of failed transactions: (\d+)/.exec(output)?.[1] ?? 0);
  return {
    clients,
    throughput: tps,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    ok: latencies.length,
    conflicts,
    errors: Math.max(failed, reportedFailed),
    cpu,
  };
}

/** One more pgbench level of scripts[name] on the database runChangeAddressPgbench prepared (for interleaved rounds). */
export async function runPgbenchLevel(name, scripts, { clients, warmupS, durationS }) {
  const dir = mkdtempSync(join(tmpdir(), 'cs-pgbench-'));
  try {
    const file = join(dir, 'script.sql');
    writeFileSync(file, scripts[name]);
    log(`pgbench round: ${clients} client(s), ${warmupS} s warm-up + ${durationS} s (load average ${loadAverage()})`);
    const result = await level(file, clients, { warmupS, durationS, dir, sentAs: SENT_AS[name] });
    log(
      `  ${fmt(result.throughput)} tx/s, p99 ${fmt(result.p99, 2)} ms; CPU ${result.cpu ? describeCpu(result.cpu) : '?'}`,
    );
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runChangeAddressPgbench({ levels, warmupS, durationS }) {
  const t = await templates();
  await prepareDatabase(t);
  const dir = mkdtempSync(join(tmpdir(), 'cs-pgbench-'));
  try {
    const results = {};
    const texts = scripts(t);
    for (const [name, text] of Object.entries(texts)) {
      const file = join(dir, `${name}.sql`);
      writeFileSync(file, text);
      results[name] = [];
      for (const clients of levels) {
        log(
          `pgbench ${name}: ${clients} client(s), ${warmupS} s warm-up + ${durationS} s (load average ${loadAverage()})`,
        );
        const result = await level(file, clients, { warmupS, durationS, dir, sentAs: SENT_AS[name] });
        log(
          `  ${fmt(result.throughput)} tx/s, p50 ${fmt(result.p50, 2)} ms, p99 ${fmt(result.p99, 2)} ms; CPU ${result.cpu ? describeCpu(result.cpu) : '?'}`,
        );
        results[name].push(result);
      }
    }
    return { results, scripts: texts };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
