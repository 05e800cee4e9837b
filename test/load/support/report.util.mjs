// Turns benchmark results into Markdown and keeps test/load/results.md up to date: each benchmark
// owns one marked section, so running one benchmark replaces only its own tables.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
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

/** The orders processes' CPU (% of one core): one process as it is, replicas summed with each share in brackets. */
function ordersCpuCell(cpu) {
  if (!cpu) return '–';
  const replicas = Object.keys(cpu).filter((name) => /^orders(-capped)?(-\d+)?$/.test(name));
  const total = replicas.reduce((sum, name) => sum + cpu[name], 0);
  const orders = replicas.length > 1 ? `${total} (${replicas.map((name) => cpu[name]).join('+')})` : `${total}`;
  return `orders ${orders} · ${cpuCell(cpu, ['postgres', 'nats', 'client'])}`;
}

/** ChangeAddress: gRPC levels (closed loop, 1..n replicas; then the paced level), pgbench minimal and full shape. */
export function changeAddressTable(grpc, pgbench, paced = []) {
  const row = (what, r, cpu) => [
    what,
    r.cpuLimit ? `${r.replicas} × ${r.cpuLimit} CPU` : (r.replicas ?? '–'),
    r.clients ?? (r.rate ? `paced ${r.rate}/s` : '–'),
    fmt(r.throughput),
    fmt(r.p50, 2),
    fmt(r.p99, 2),
    r.ok,
    r.conflicts ?? 0,
    errorsCell(r.errors),
    cpu,
  ];
  const grpcRow = (r) => row('gRPC ChangeAddress', r, ordersCpuCell(r.cpu));
  return markdownTable(
    [
      'what',
      'orders processes',
      'clients',
      'throughput (/s)',
      'p50 (ms)',
      'p99 (ms)',
      'ok',
      'conflicts',
      'errors',
      'CPU, % of one core',
    ],
    [
      ...grpc.map(grpcRow),
      ...paced.map((r) => grpcRow({ ...r, replicas: 1 })),
      ...pgbench.minimal.map((r) => row('pgbench minimal', r, cpuCell(r.cpu, ['pgbench', 'postgres']))),
      ...pgbench.full.map((r) => row('pgbench full shape', r, cpuCell(r.cpu, ['pgbench', 'postgres']))),
    ],
  );
}

/** The goal's ratios: gRPC over pgbench minimal at each client count (one process), and the paced level's p99. */
export function changeAddressRatios(grpc, pgbench, paced = []) {
  const single = grpc.filter((r) => (r.replicas ?? 1) === 1 && !r.cpuLimit);
  const lines = single.map((r) => {
    const minimal = pgbench.minimal.find((m) => m.clients === r.clients);
    return minimal
      ? `c = ${r.clients}: gRPC ${fmt(r.throughput)} / pgbench minimal ${fmt(minimal.throughput)} = **${fmt((100 * r.throughput) / minimal.throughput)} %**`
      : `c = ${r.clients}: no pgbench minimal level to compare`;
  });
  for (const r of paced)
    lines.push(
      `paced at ${r.rate}/s (half of one process's closed-loop rate at the top client count): ${fmt(r.throughput)}/s done, p50 ${fmt(r.p50, 2)} ms, p99 **${fmt(r.p99, 2)} ms**${r.behind ? `, ${r.behind} launches skipped (256 in flight)` : ''}`,
    );
  const unlimited = grpc.filter((r) => !r.cpuLimit);
  const scale = unlimited.filter((r) => r.clients === Math.max(...unlimited.map((g) => g.clients)));
  if (scale.length > 1)
    lines.push(
      `replicas at c = ${scale[0].clients}: ${scale.map((r) => `${r.replicas} → ${fmt(r.throughput)}/s`).join(', ')}`,
    );
  const capped = grpc.filter((r) => r.cpuLimit);
  if (capped.length)
    lines.push(
      `replicas limited to ${capped[0].cpuLimit} CPU each, c = ${capped[0].clients}: ${capped
        .map(
          (r) =>
            `${r.replicas} → ${fmt(r.throughput)}/s (×${fmt(r.throughput / capped[0].throughput, 2)}, postgres ${r.cpu?.postgres ?? '–'} %)`,
        )
        .join(', ')}`,
    );
  return lines.map((line) => `- ${line}`).join('\n');
}

/** Interleaved rounds: gRPC then pgbench minimal at one client count, the ratio per round and the median. */
export function changeAddressRounds(rounds) {
  if (!rounds.length) return '';
  const ratio = (r) => (100 * r.grpc.throughput) / r.minimal.throughput;
  const table = markdownTable(
    [
      'round',
      'clients',
      'gRPC (/s)',
      'gRPC p99 (ms)',
      'gRPC CPU',
      'pgbench minimal (/s)',
      'pgbench CPU',
      'gRPC / minimal',
    ],
    rounds.map((r) => [
      r.round,
      r.clients,
      fmt(r.grpc.throughput),
      fmt(r.grpc.p99, 2),
      ordersCpuCell(r.grpc.cpu),
      fmt(r.minimal.throughput),
      cpuCell(r.minimal.cpu, ['pgbench', 'postgres']),
      `${fmt(ratio(r))} %`,
    ]),
  );
  const ratios = rounds.map(ratio);
  return `${table}\n\n- median over the rounds: gRPC ${fmt(median(rounds.map((r) => r.grpc.throughput)))}/s, pgbench minimal ${fmt(median(rounds.map((r) => r.minimal.throughput)))}/s, ratio **${fmt(median(ratios))} %** (rounds: ${ratios.map((x) => `${fmt(x)} %`).join(', ')})${cpuBudget(rounds)}`;
}

/**
 * What goal 1 leaves each request: at half of pgbench minimal's rate, the machine's cores (nproc ×
 * 1,000 ms of CPU a second) over that rate, against the CPU a request took in the rounds, by process.
 */
function cpuBudget(rounds) {
  // % of a core × 10 = ms of CPU a second; over requests a second = ms a request.
  const perRequest = (side, names) =>
    Object.fromEntries(
      names.map((name) => [name, median(rounds.map((r) => ((r[side].cpu?.[name] ?? 0) * 10) / r[side].throughput))]),
    );
  if (!rounds.every((r) => r.grpc.cpu && r.minimal.cpu)) return '';
  const grpc = perRequest('grpc', ['orders', 'postgres', 'client', 'nats']);
  const minimal = perRequest('minimal', ['postgres', 'pgbench']);
  const sum = (parts) => Object.values(parts).reduce((a, b) => a + b, 0);
  const half = median(rounds.map((r) => r.minimal.throughput)) / 2;
  const budget = (os.availableParallelism() * 1000) / half;
  const ms = (value) => value.toFixed(2);
  const parts = (shares) =>
    Object.entries(shares)
      .map(([name, value]) => `${name} ${ms(value)}`)
      .join(' + ');
  return `\n- **CPU per request** (ms of CPU over the round's requests, medians): gRPC ChangeAddress ${ms(sum(grpc))} (${parts(grpc)}); pgbench minimal ${ms(sum(minimal))} (${parts(minimal)}). At 50 % of pgbench minimal (${fmt(half)}/s) these ${os.availableParallelism()} cores allow **${ms(budget)} ms** a request for everything: the service, its PostgreSQL work, NATS and the load's client.`;
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

export function eventLatencyTable(results, run = {}) {
  const latency = markdownTable(
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
      cpuCell(r.cpu, ['producer + relay', 'subscriber', 'postgres', 'nats', 'bench']),
    ]),
  );
  return [
    latency,
    eventGoalLine(results, run),
    run.baseline && eventBaselineTable(run),
    run.drains?.length && eventDrainTable(run.drains),
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** Issue 15, goal 2, checked on this run. */
function eventGoalLine(results, { baseline, relayAlone }) {
  const at1000 = results.find((r) => r.rate === 1000);
  // Not sustained because the producer fell behind, while the pipeline delivered all it published at once.
  const producerBound =
    at1000 && !at1000.sustained && at1000.drainS < 1 && at1000.exactlyOnce
      ? ` (the producer committed only ${fmt(at1000.achieved)}/s, PostgreSQL at ${at1000.cpu?.postgres ?? '?'} % of a core; the pipeline delivered all of it, the last event ${fmt(at1000.drainS, 2)} s after the producer stopped)`
      : '';
  const latency = at1000
    ? `1,000/s ${at1000.sustained ? 'sustained' : 'NOT sustained'}${producerBound}, p50 ${fmt(at1000.p50, 2)} ms (goal < 5), p99 ${fmt(at1000.p99, 2)} ms (goal < 50): ${at1000.sustained && at1000.p50 < 5 && at1000.p99 < 50 ? 'met' : 'not met'}`
    : '1,000/s not measured in this run';
  const relay = baseline
    ? `; relay alone ${percentOf(relayAlone.rate, baseline.publishRate)} of raw publish (goal ≥ 25 %): ${relayAlone.rate >= 0.25 * baseline.publishRate ? 'met' : 'not met'}`
    : '';
  return `**Goal 2 on this run**: ${latency}${relay}.`;
}

const percentOf = (value, limit) => `${fmt((100 * value) / limit, 1)} %`;

/** The same run's limits: raw JetStream, the relay alone, one subscriber replica's capacity. */
function eventBaselineTable({ baseline, relayAlone, drains }) {
  const one = drains?.find((d) => d.replicas === 1 && !d.cpuLimit);
  const rows = [
    [`raw JetStream async publish (${baseline.window} acks outstanding)`, fmt(baseline.publishRate, 0), '100 %'],
    ['raw JetStream durable pull consume + ack', fmt(baseline.consumeRate, 0), '100 %'],
    [
      `**relay alone** (${relayAlone.count} rows committed at once, no subscriber)`,
      fmt(relayAlone.rate, 0),
      `**${percentOf(relayAlone.rate, baseline.publishRate)} of raw publish** (goal ≥ 25 %)`,
    ],
  ];
  if (one) {
    rows.push([
      'one subscriber replica, backlog drain (inbox + handler + ack)',
      fmt(one.rate, 0),
      `${percentOf(one.rate, baseline.consumeRate)} of raw consume`,
    ]);
  }
  return `${markdownTable(['measure (same run)', 'events/s', 'ratio'], rows)}

- *Raw JetStream*: this process publishes event-sized messages (the relay's headers and body, Nats-Msg-Id set) to a stream of its own, at most ${baseline.window} acks outstanding, then reads them back through a durable pull consumer acking each one. *Relay alone*: the relay process above publishes a bulk of outbox rows (one aggregate each) committed in one statement; rows / (last published_at − commit).`;
}

/** Subscriber replicas draining a backlog: throughput, order per aggregate, exactly once, CPU. */
function eventDrainTable(drains) {
  // Each row against one replica of its own kind (unlimited, or under the same CPU quota).
  const oneLike = (d) => drains.find((x) => x.replicas === 1 && x.cpuLimit === d.cpuLimit);
  const capped = drains.find((d) => d.cpuLimit);
  const table = markdownTable(
    [
      'subscriber replicas',
      'backlog (events / aggregates)',
      'handled/s (all replicas ready)',
      'vs 1 replica',
      'exactly once',
      'handled out of version order',
      'CPU, % of one core',
    ],
    drains.map((d) => [
      d.cpuLimit ? `${d.replicas} × ${d.cpuLimit} CPU` : d.replicas,
      `${d.count} / ${d.aggregates}`,
      fmt(d.rate, 0),
      oneLike(d) ? `${fmt(d.rate / oneLike(d).rate, 2)}×` : '–',
      d.exactlyOnce ? 'yes' : `NO (${d.rows} rows, ${d.distinct} distinct)`,
      d.reordered,
      d.cpu
        ? Object.entries(d.cpu)
            .filter(([name]) => name !== 'machine' && name !== 'busiestOther')
            .map(([name, pct]) => `${name} ${pct}`)
            .join(' · ')
        : '–',
    ]),
  );
  return `${table}

- *Backlog drain*: 1, 2, 3 subscriber processes (one consuming service) start and share the event partitions out; then, with their handlers held back (a lock on the handler's table), a backlog (10 versions per aggregate, in order) is committed and published by the relay; handled/s = backlog / (last handled − release). *Out of version order*: events handled after a later version of their aggregate (one replica at a time reads a partition, and a replica keeps one aggregate's events in order, so this should be 0).${capped ? ` *n × ${capped.cpuLimit} CPU*: the same drains with each replica in a cgroup of its own under a CFS quota of ${capped.cpuLimit} CPU, as pods with a CPU limit run; unlimited replicas share this machine's two cores with PostgreSQL and NATS, so only a fixed share per replica shows whether replicas add capacity.` : ''}`;
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
