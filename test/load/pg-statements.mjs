// Where PostgreSQL's time goes for ChangeAddress: one orders process on a fresh seeded database,
// c = 32 closed loop, then the statements of that database by execution time per request, from
// pg_stat_statements. Not part of `npm run bench`:
//   node test/load/pg-statements.mjs            (PG_STATEMENTS_S, default 10 s measured)
// Needs pg_stat_statements preloaded, which takes a PostgreSQL restart:
//   psql -c "alter system set shared_preload_libraries = 'pg_stat_statements'" && pg_ctlcluster … restart
// (and `alter system reset shared_preload_libraries` + restart afterwards).
import pg from 'pg';
import { changeAddressCall, DATABASE, seed, startReplica } from './change-address.bench.mjs';
import { dbUrl, drainOutbox, markdownTable, sql } from './support/bench.util.mjs';
import { dropBenchDatabases } from './support/cleanup.util.mjs';
import { closedLoop, cpuGroupsWith } from './support/closed-loop.mjs';

const durationS = Number(process.env.PG_STATEMENTS_S ?? 10);
const admin = new pg.Client({ connectionString: dbUrl('postgres') });
await admin.connect();
const { rows: preload } = await admin.query('show shared_preload_libraries');
if (!String(preload[0]?.shared_preload_libraries).includes('pg_stat_statements')) {
  console.error('pg_stat_statements is not in shared_preload_libraries: see the header of this script');
  process.exit(2);
}
await admin.query('create extension if not exists pg_stat_statements');

await dropBenchDatabases([DATABASE]);
const orders = await startReplica('orders', `pgss${Date.now()}`);
const { grpc } = orders;
try {
  await seed(grpc);
  await drainOutbox(dbUrl(DATABASE));
  await sql(dbUrl(DATABASE), 'vacuum analyze');
  const load = (seconds) =>
    closedLoop({
      clients: 32,
      warmupS: 0,
      durationS: seconds,
      cpuGroups: cpuGroupsWith({ orders: orders.pid }),
      call: changeAddressCall([grpc]),
    });
  await load(3);
  await admin.query('select pg_stat_statements_reset()');
  const run = await load(durationS);
  const { rows } = await admin.query(
    `select calls, total_exec_time, rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 90) as query
       from pg_stat_statements where dbid = (select oid from pg_database where datname = $1)
      order by total_exec_time desc limit 15`,
    [DATABASE],
  );
  // Every request started, warm-up-free window: the statements' calls count them all.
  const requests = run.succeeded;
  const us = (ms) => ((ms * 1000) / requests).toFixed(1);
  console.log(
    `${requests} requests, ${run.throughput.toFixed(1)}/s; PostgreSQL ${run.cpu?.postgres} % of a core = ${(((run.cpu?.postgres ?? 0) * 10) / run.throughput).toFixed(2)} ms of CPU a request`,
  );
  console.log(
    markdownTable(
      ['calls', 'exec µs per request', 'rows', 'statement'],
      rows.map((r) => [r.calls, us(r.total_exec_time), r.rows, `\`${r.query}\``]),
    ),
  );
  const total = rows.reduce((sum, r) => sum + r.total_exec_time, 0);
  console.log(`\nthese statements: ${us(total)} µs of execution a request`);
} finally {
  await orders.stop();
  await admin.end();
}
