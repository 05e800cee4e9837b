// Turns benchmark results into Markdown and keeps test/load/results.md up to date: each benchmark
// owns one marked section, so running one benchmark replaces only its own tables.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fmt, loadDir, markdownTable } from './bench.util.mjs';

// BENCH_RESULTS_FILE: write elsewhere (e.g. a diagnostic run that should not replace the recorded figures).
const RESULTS = process.env.BENCH_RESULTS_FILE ?? `${loadDir}results.md`;
const TITLE = '# Load benchmarks\n\nMeasured, not asserted. Regenerate with `npm run bench` (see test/load/run.mjs).\n';

const cpuCell = (cpu, names) =>
  cpu
    ? `${names.map((n) => `${n} ${cpu[n]}`).join(' · ')} · other ${cpu.other}${cpu.busiestOther ? ` (${cpu.busiestOther})` : ''}`
    : '–';
const errorsCell = (errors) =>
  typeof errors === 'number'
    ? String(errors)
    : Object.entries(errors)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || '0';

export function changeAddressTable(grpc, pgbench) {
  const row = (what, r, cpuNames) => [
    what,
    r.clients,
    fmt(r.throughput),
    fmt(r.p50, 2),
    fmt(r.p99, 2),
    r.ok,
    r.conflicts ?? 0,
    errorsCell(r.errors),
    cpuCell(r.cpu, cpuNames),
  ];
  return markdownTable(
    ['what', 'clients', 'throughput (/s)', 'p50 (ms)', 'p99 (ms)', 'ok', 'conflicts', 'errors', 'CPU, % of one core'],
    [
      ...grpc.map((r) => row('gRPC ChangeAddress', r, ['orders', 'postgres', 'nats', 'client'])),
      ...pgbench.minimal.map((r) => row('pgbench minimal', r, ['pgbench', 'postgres'])),
      ...pgbench.full.map((r) => row('pgbench full shape', r, ['pgbench', 'postgres'])),
    ],
  );
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
/** The orders process's CPU per request (ms): CPU-bound, this is what verification adds to. */
const cpuPerRequest = (r) => ((r.cpu?.orders ?? Number.NaN) * 10) / r.throughput;

/** Every round of the auth benchmark, in the order run. */
export function authOverheadRounds(results) {
  return markdownTable(
    [
      'round',
      'auth',
      'clients',
      'throughput (/s)',
      'p50 (ms)',
      'p99 (ms)',
      'orders CPU per request (ms)',
      'ok',
      'errors',
      'CPU, % of one core',
    ],
    results.map((r) => [
      r.round + 1,
      r.mode,
      r.clients,
      fmt(r.throughput),
      fmt(r.p50, 2),
      fmt(r.p99, 2),
      fmt(cpuPerRequest(r), 2),
      r.ok,
      errorsCell(r.errors),
      cpuCell(r.cpu, ['orders', 'postgres', 'nats', 'client']),
    ]),
  );
}

/** Per mode and client count: the median over the rounds, and the change against "off". */
export function authOverheadSummary(results) {
  const groups = new Map();
  for (const r of results) {
    const key = `${r.clients}|${r.mode}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(r);
  }
  const summary = (clients, mode) => {
    const rows = groups.get(`${clients}|${mode}`) ?? [];
    return {
      throughput: median(rows.map((r) => r.throughput)),
      cpu: median(rows.map(cpuPerRequest)),
      rounds: rows.length,
    };
  };
  const rows = [...groups.keys()].map((key) => {
    const [clients, mode] = key.split('|');
    const m = summary(clients, mode);
    const off = summary(clients, 'off');
    return [
      mode,
      clients,
      m.rounds,
      fmt(m.throughput),
      mode === 'off' ? '—' : `${fmt((m.throughput / off.throughput - 1) * 100)} %`,
      fmt(m.cpu, 2),
      mode === 'off' ? '—' : `${fmt((m.cpu - off.cpu) * 1000, 0)} µs`,
    ];
  });
  return markdownTable(
    [
      'auth',
      'clients',
      'rounds',
      'median throughput (/s)',
      'vs off',
      'median orders CPU per request (ms)',
      'CPU per request vs off',
    ],
    rows,
  );
}

export function eventLatencyTable(results) {
  return markdownTable(
    [
      'target (/s)',
      'published (/s)',
      'delivered (/s)',
      'events (measured)',
      'delivered',
      'exactly once',
      'p50 (ms)',
      'p90 (ms)',
      'p99 (ms)',
      'max (ms)',
      'relay part p50/p99 (ms)',
      'drain after stop (s)',
      'CPU, % of one core',
    ],
    results.map((r) => [
      r.rate,
      fmt(r.achieved),
      fmt(r.deliveredRate),
      r.produced,
      r.delivered,
      r.exactlyOnce ? 'yes' : `NO (${r.deliveredRows} rows)`,
      fmt(r.p50, 2),
      fmt(r.p90, 2),
      fmt(r.p99, 2),
      fmt(Number(r.max), 1),
      `${fmt(r.relayP50, 2)} / ${fmt(r.relayP99, 2)}`,
      fmt(r.drainS, 2),
      cpuCell(r.cpu, ['relay', 'subscriber', 'postgres', 'nats', 'producer']),
    ]),
  );
}

/** The inquiry processes' CPU (% of one core) summed over the replicas, and each replica's share. */
function inquiryCpu(cpu) {
  const replicas = Object.keys(cpu).filter((name) => /^inquiry(-\d+)?$/.test(name));
  return { total: replicas.reduce((sum, name) => sum + cpu[name], 0), shares: replicas.map((name) => cpu[name]) };
}

/** The CPU cell, the replicas of inquiry as one figure with their shares in brackets ("inquiry 150 (76+74)"). */
function inquiryCpuCell(cpu) {
  if (!cpu) return '–';
  const { total, shares } = inquiryCpu(cpu);
  const inquiry = shares.length > 1 ? `${total} (${shares.join('+')})` : total;
  return cpuCell({ ...cpu, inquiry }, ['inquiry', 'postgres', 'nats', 'client']);
}

/** CPU milliseconds per measured request: % of one core × 10 / requests per second. */
const perRequest = (percent, r) => fmt((percent * 10) / r.throughput, 1);

const deskCell = (check) =>
  check.ok
    ? `ok: max ≤ capacity, open_count = assigned (${check.assigned} assigned, ${check.queued} queued)`
    : `**FAILED: ${check.overfilled.length} over capacity, ${check.mismatched.length} open_count ≠ assigned, ${check.orphans} orphaned**`;

export function inquiryIngestTable(results) {
  return markdownTable(
    [
      'inquiry processes',
      'clients',
      'throughput (/s)',
      'p50 (ms)',
      'p99 (ms)',
      'ok',
      'assigned / queued',
      'p50 assigned / queued (ms)',
      'p99 assigned / queued (ms)',
      'errors',
      'outbox backlog',
      'desk check (whole level)',
      'CPU per request (ms): inquiry / postgres',
      'CPU, % of one core',
    ],
    results.map((r) => [
      r.replicas,
      r.clients,
      fmt(r.throughput),
      fmt(r.p50, 2),
      fmt(r.p99, 2),
      r.ok,
      `${r.assigned.count} / ${r.queued.count}`,
      `${fmt(r.assigned.p50, 2)} / ${fmt(r.queued.p50, 2)}`,
      `${fmt(r.assigned.p99, 2)} / ${fmt(r.queued.p99, 2)}`,
      errorsCell(r.errors),
      r.backlog,
      deskCell(r.check),
      r.cpu ? `${perRequest(inquiryCpu(r.cpu).total, r)} / ${perRequest(r.cpu.postgres, r)}` : '–',
      inquiryCpuCell(r.cpu),
    ]),
  );
}

export function environmentLines(facts, command, startedAt) {
  return [
    `- date: ${startedAt.toISOString()}`,
    `- machine: nproc ${facts.nproc} (${facts.cpu}), ${facts.memGiB} GiB; Node ${facts.node}; PostgreSQL ${facts.postgres}; ${facts.nats}`,
    `- command: \`${command}\``,
  ].join('\n');
}

export function writeSection(name, markdown) {
  let text = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : TITLE;
  const begin = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const section = `${begin}\n${markdown.trim()}\n${end}`;
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  if (from >= 0 && to > from) text = text.slice(0, from) + section + text.slice(to + end.length);
  else text = `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(RESULTS, text);
  return RESULTS;
}
