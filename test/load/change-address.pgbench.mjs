// The database's share of ChangeAddress: pgbench runs transactions of the same shape on the same
// machine, against a fresh copy of the orders schema, with no Node process in the way.
//   minimal: update the order + insert the outbox row (what the brief's comparison asks for);
//   full:    every statement the service runs (idempotency lock + look-up, select order, versioned
//            update, outbox row, idempotency row), one round trip each, as MikroORM sends them.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDatabaseExists, migrate, openDatabase } from '@cs/persistence';
import { ordersMigrations } from '../../services/orders/dist/migrations/index.js';
import { dbUrl, fmt, loadAverage, log, PG_SERVER, percentile, sql } from './support/bench.util.mjs';
import { dropBenchDatabases } from './support/cleanup.util.mjs';
import { describeCpu, startCpuSample } from './support/cpu.sampler.mjs';
import { address, agent, customer, items, newAddress, ORDER_COUNT, remark, total } from './support/order.fixture.mjs';
import { track } from './support/processes.util.mjs';

export const DATABASE = 'cs_bench_pgbench';
const PGBENCH = process.env.BENCH_PGBENCH ?? '/usr/bin/pgbench';

const literal = (value) => `'${JSON.stringify(value).replaceAll("'", "''")}'::jsonb`;
const ID = `'BO' || lpad(:n::text, 5, '0')`;

function scripts() {
  const at = new Date();
  const changed = newAddress(42);
  const theRemark = remark(42, at);
  const payload = { orderId: 'BO00042', previousAddress: address, newAddress: changed, remark: theRemark, orderVersion: 3 };
  // The relay continues the request's trace: the service stores a traceparent with each row.
  const headers = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
  const orderView = { id: 'BO00042', customer, stage: 'FULFILMENT_STAGE_PAID', items, address: changed, total, remarks: [theRemark], version: 3 };
  const outcome = { response: { outcome: 'CHANGE_ADDRESS_OUTCOME_CHANGED', order: orderView, remark: theRemark } };
  const update = `UPDATE orders SET address = ${literal(changed)}, remarks = remarks || ${literal([theRemark])}, version = version + 1`;
  const outbox = `INSERT INTO cs_outbox (id, subject, aggregate_id, aggregate_version, payload, headers)
  VALUES (gen_random_uuid(), 'cs.orders.order.address_changed', ${ID}, :version, ${literal(payload)}, ${literal(headers)});`;
  // A version conflict (another client changed the order between select and update) updates no row:
  // the service would retry the whole transaction; here it writes no event and is counted afterwards.
  const outboxIfUpdated = `INSERT INTO cs_outbox (id, subject, aggregate_id, aggregate_version, payload, headers)
  SELECT gen_random_uuid(), 'cs.orders.order.address_changed', ${ID}, :version, ${literal(payload)}, ${literal(headers)} WHERE :updated > 0;`;
  return {
    minimal: `\\set n random(1, ${ORDER_COUNT})
BEGIN;
${update} WHERE id = ${ID} RETURNING version \\gset
${outbox}
COMMIT;
`,
    full: `\\set n random(1, ${ORDER_COUNT})
\\set k random(1, 9000000000000000000)
BEGIN;
SELECT pg_advisory_xact_lock(hashtext('ChangeAddress:' || :client_id::text || '-' || :k::text));
SELECT fingerprint, outcome FROM idempotency_keys WHERE operation = 'ChangeAddress' AND key = :client_id::text || '-' || :k::text;
SELECT id, customer, stage, items, address, total, placed_at, paid_at, printed_at, packed_at, shipped_at, remarks, version AS o_version FROM orders WHERE id = ${ID} \\gset o_
WITH u AS (${update} WHERE id = ${ID} AND version = :o_o_version RETURNING version)
  SELECT count(*) AS updated, coalesce(max(version), 0) AS version FROM u \\gset
${outboxIfUpdated}
INSERT INTO idempotency_keys (operation, key, fingerprint, outcome)
  VALUES ('ChangeAddress', :client_id::text || '-' || :k::text, md5(:k::text) || md5(:client_id::text), ${literal(outcome)});
COMMIT;
`,
  };
}

/** A fresh database with the orders migrations and ORDER_COUNT paid orders of the fixture's shape. */
async function prepareDatabase() {
  await dropBenchDatabases([DATABASE]);
  await ensureDatabaseExists(dbUrl(DATABASE));
  const orm = await openDatabase({ url: dbUrl(DATABASE), entities: [], migrations: ordersMigrations });
  try {
    await migrate(orm);
  } finally {
    await orm.close();
  }
  await sql(
    dbUrl(DATABASE),
    `insert into orders (id, customer, stage, items, address, total, placed_at, paid_at, version)
     select 'BO' || lpad(i::text, 5, '0'), $1, 'FULFILMENT_STAGE_PAID', $2, $3, $4, now(), now(), 2
       from generate_series(1, $5::int) i`,
    [JSON.stringify(customer), JSON.stringify(items), JSON.stringify(address), JSON.stringify(total), ORDER_COUNT],
  );
  // The gRPC database holds the seeding's published events (placed + paid); so does this one.
  await sql(
    dbUrl(DATABASE),
    `insert into cs_outbox (id, subject, aggregate_id, aggregate_version, payload, published_at)
     select gen_random_uuid(), 'cs.orders.order.placed', 'BO' || lpad((i / 2 + 1)::text, 5, '0'), 1, $1, now()
       from generate_series(0, $2::int - 1) i`,
    [JSON.stringify({ orderId: 'BO00001', customer, items, address, total }), ORDER_COUNT * 2],
  );
  await sql(dbUrl(DATABASE), 'vacuum analyze');
}

function pgbench(args, { sampleCpu = false, durationS = 0 } = {}) {
  const url = new URL(PG_SERVER);
  const connection = ['-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username || 'postgres')];
  return new Promise((resolve, reject) => {
    const entry = track(spawn(PGBENCH, [...connection, ...args, DATABASE], { stdio: ['ignore', 'pipe', 'pipe'] }), 'pgbench');
    let output = '';
    entry.child.stdout.on('data', (chunk) => (output += chunk));
    let cpu;
    const timers = [];
    if (sampleCpu) {
      // Sampled inside the run (its backends exit with it): from 1 s in to 1 s before the end.
      timers.push(setTimeout(() => (cpu = startCpuSample({ pgbench: { comm: 'pgbench' }, postgres: { comm: 'postgres' }, nats: { comm: 'nats-server' } })), 1000));
      timers.push(setTimeout(() => (cpu = cpu?.()), (durationS - 1) * 1000));
    }
    entry.child.on('error', reject);
    entry.done.then(() => {
      for (const timer of timers) clearTimeout(timer);
      if (entry.code !== 0) reject(new Error(`pgbench exited with ${entry.code ?? entry.signal}:\n${entry.lines.join('\n')}`));
      else resolve({ output, cpu: typeof cpu === 'object' ? cpu : undefined });
    });
  });
}

async function level(scriptFile, clients, { warmupS, durationS, dir }) {
  const common = ['-n', '-M', 'extended', '-f', scriptFile, '-c', String(clients), '-j', String(Math.min(2, clients))];
  await pgbench([...common, '-T', String(warmupS)]);
  const logPrefix = join(dir, `c${clients}-${Date.now()}`);
  const events = async () =>
    Number((await sql(dbUrl(DATABASE), "select count(*) as n from cs_outbox where subject = 'cs.orders.order.address_changed'"))[0].n);
  const eventsBefore = await events();
  const { output, cpu } = await pgbench([...common, '-T', String(durationS), '-l', `--log-prefix=${logPrefix}`], { sampleCpu: true, durationS });
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
  return { clients, throughput: tps, p50: percentile(latencies, 50), p99: percentile(latencies, 99), ok: latencies.length, conflicts, errors: Math.max(failed, reportedFailed), cpu };
}

export async function runChangeAddressPgbench({ levels, warmupS, durationS }) {
  await prepareDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'cs-pgbench-'));
  try {
    const results = {};
    for (const [name, text] of Object.entries(scripts())) {
      const file = join(dir, `${name}.sql`);
      writeFileSync(file, text);
      results[name] = [];
      for (const clients of levels) {
        log(`pgbench ${name}: ${clients} client(s), ${warmupS} s warm-up + ${durationS} s (load average ${loadAverage()})`);
        const result = await level(file, clients, { warmupS, durationS, dir });
        log(`  ${fmt(result.throughput)} tx/s, p50 ${fmt(result.p50, 2)} ms, p99 ${fmt(result.p99, 2)} ms; CPU ${result.cpu ? describeCpu(result.cpu) : '?'}`);
        results[name].push(result);
      }
    }
    return { results, scripts: scripts() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
