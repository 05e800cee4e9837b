// Footprint of each service started alone from dist (issue 15, goal 4: idle RSS < 120 MiB, cold start
// to ready < 1.5 s):   node test/load/run.mjs footprint
//   per service: its database cs_bench_footprint_<service> is created and migrated once by `main.bundle.js
//   migrate` (not measured), then the service starts as `npm start` and the image run it (launchArgs:
//   its node flags, --import @cs/telemetry/register; LOG_LEVEL=warn) BENCH_FOOTPRINT_STARTS times (3);
//   cold start = spawn → first /readyz 200 (polled every 10 ms), median of the starts; the last start
//   then idles for BENCH_FOOTPRINT_IDLE_S (60) seconds. RSS from /proc (VmRSS; peak = VmHWM), heap
//   from the service's /metrics.
// Knobs: BENCH_FOOTPRINT_SERVICES (all six), BENCH_FOOTPRINT_IDLE_S, BENCH_FOOTPRINT_STARTS,
//   BENCH_FOOTPRINT_SNAPSHOT_DIR (a V8 heap snapshot of each service at the end of its idle time),
//   BENCH_FOOTPRINT_NODE_FLAGS (node flags to try, after the services' own),
//   BENCH_FOOTPRINT_AS=modules (the tsc output dist/main.js with default malloc, as before the bundle).
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { testAuthEnv } from '@cs/testing';
import { SERVICE_PROCESS_ENV, serviceArgs } from '../../scripts/infra/services.mjs';
import {
  dbUrl,
  fmt,
  freePort,
  loadAverage,
  log,
  markdownTable,
  NATS_URL,
  nodeBin,
  repoRoot,
  sleep,
} from './support/bench.util.mjs';
import { dropBenchDatabases } from './support/cleanup.util.mjs';
import { recentOutput, stopProcess, track } from './support/processes.util.mjs';

export const FOOTPRINT_SERVICES = ['inquiry', 'orders', 'aftersales', 'complaints', 'care', 'knowledge'];
export const footprintDatabase = (service) => `cs_bench_footprint_${service}`;
const MiB = 2 ** 20;
export const RSS_GOAL_MIB = 120;
export const START_GOAL_MS = 1_500;

/** VmRSS and VmHWM (peak) of a process, in MiB. */
function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}

/** V8 heap used and total, from the service's own /metrics (prom-client's default metrics). */
async function heapOf(httpUrl) {
  const text = await (await fetch(`${httpUrl}/metrics`)).text();
  const value = (name) => Number(new RegExp(`^cs_${name}\\{[^}]*\\} (\\S+)`, 'm').exec(text)?.[1] ?? Number.NaN) / MiB;
  return { heapUsedMiB: value('nodejs_heap_size_used_bytes'), heapTotalMiB: value('nodejs_heap_size_total_bytes') };
}

function run(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(nodeBin, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const entry = track(child, args.join(' '));
    entry.done.then(() =>
      entry.code === 0 ? resolve() : reject(new Error(`${entry.name} failed (${entry.code}):\n${recentOutput(entry)}`)),
    );
  });
}

const asModules = process.env.BENCH_FOOTPRINT_AS === 'modules';
/** The node arguments a service runs with: its bundle, or (for comparison) the modules tsc wrote. */
export function launchArgs(service) {
  const args = serviceArgs({ name: service });
  const entry = args.pop();
  // Tried flags go last, so they override the services' own (the last V8 flag wins).
  const tried = process.env.BENCH_FOOTPRINT_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
  return [...args, ...tried, asModules ? entry.replace(/[^/]+$/, 'main.js') : entry];
}

async function serviceEnv(service, subjectPrefix) {
  return {
    ...(asModules ? {} : SERVICE_PROCESS_ENV),
    ...process.env,
    DATABASE_URL: dbUrl(footprintDatabase(service)),
    NATS_URL,
    SUBJECT_PREFIX: subjectPrefix,
    HTTP_PORT: String(await freePort()),
    GRPC_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
    SERVICE_NAME: service,
    ...(await testAuthEnv(service)),
  };
}

/** Spawns the service as production runs it and times spawn → first /readyz 200. */
async function coldStart(service, env, snapshotDir) {
  const httpUrl = `http://127.0.0.1:${env.HTTP_PORT}`;
  const flags = snapshotDir ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${snapshotDir}`] : [];
  const startedAt = performance.now();
  const child = spawn(nodeBin, [...flags, ...launchArgs(service)], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const entry = track(child, service);
  for (;;) {
    if (entry.exited)
      throw new Error(`${service} exited during start (${entry.code ?? entry.signal}):\n${recentOutput(entry)}`);
    const ready = await fetch(`${httpUrl}/readyz`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) break;
    if (performance.now() - startedAt > 60_000) {
      await stopProcess(entry);
      throw new Error(`${service} not ready within 60 s:\n${recentOutput(entry)}`);
    }
    await sleep(10);
  }
  return { entry, pid: child.pid, httpUrl, startMs: performance.now() - startedAt };
}

async function takeSnapshot({ pid, httpUrl }, dir, service) {
  const before = new Set(readdirSync(dir));
  process.kill(pid, 'SIGUSR2');
  // Writing the snapshot blocks the service's event loop: once the file exists and the service
  // answers again, it is complete.
  for (let i = 0; i < 600; i++) {
    await sleep(500);
    const fresh = readdirSync(dir).find((name) => !before.has(name) && name.endsWith('.heapsnapshot'));
    if (
      fresh &&
      (await fetch(`${httpUrl}/healthz`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      log(`${service}: heap snapshot ${dir}/${fresh}`);
      return;
    }
  }
}

/** Measures each service alone; returns one row per service. */
export async function runFootprint({ subjectPrefix, services, starts, idleS, snapshotDir }) {
  if (snapshotDir) mkdirSync(snapshotDir, { recursive: true });
  const rows = [];
  for (const service of services) {
    const env = await serviceEnv(service, subjectPrefix);
    await run([launchArgs(service).at(-1), 'migrate'], env);
    // Start-up is CPU-bound: on this shared machine the load at the time is part of the figure.
    const load = loadAverage();
    const startMs = [];
    let last;
    for (let i = 0; i < starts; i++) {
      const started = await coldStart(service, env, i === starts - 1 ? snapshotDir : undefined);
      startMs.push(started.startMs);
      last = { ...started, ready: { ...memoryOf(started.pid), ...(await heapOf(started.httpUrl)) } };
      if (i < starts - 1) await stopProcess(started.entry);
    }
    log(`${service}: ready in ${startMs.map((ms) => ms.toFixed(0)).join(', ')} ms; idling ${idleS} s`);
    await sleep(idleS * 1000);
    const idle = { ...memoryOf(last.pid), ...(await heapOf(last.httpUrl)) };
    if (snapshotDir) await takeSnapshot(last, snapshotDir, service);
    await stopProcess(last.entry);
    const sorted = [...startMs].sort((a, b) => a - b);
    rows.push({
      service,
      load,
      startMs: sorted[Math.floor(sorted.length / 2)],
      maxStartMs: sorted.at(-1),
      ready: last.ready,
      idle,
    });
    log(
      `${service}: RSS ${fmt(last.ready.rssMiB, 0)} MiB at ready, ${fmt(idle.rssMiB, 0)} after ${idleS} s (peak ${fmt(idle.peakMiB, 0)})`,
    );
  }
  await dropBenchDatabases(services.map(footprintDatabase));
  return rows;
}

export function footprintTable(rows, idleS) {
  const mark = (ok) => (ok ? '' : ' ✗');
  return markdownTable(
    [
      'service',
      'load avg (1 min)',
      'cold start → /readyz 200 (median; max)',
      'RSS at ready',
      'heap used / total at ready',
      `RSS after ${idleS} s idle`,
      'peak RSS',
      `heap used / total after ${idleS} s`,
    ],
    rows.map((r) => [
      r.service,
      r.load,
      `${fmt(r.startMs, 0)} ms; ${fmt(r.maxStartMs, 0)}${mark(r.startMs < START_GOAL_MS)}`,
      `${fmt(r.ready.rssMiB, 0)} MiB`,
      `${fmt(r.ready.heapUsedMiB, 0)} / ${fmt(r.ready.heapTotalMiB, 0)} MiB`,
      `${fmt(r.idle.rssMiB, 0)} MiB${mark(r.idle.rssMiB < RSS_GOAL_MIB)}`,
      `${fmt(r.idle.peakMiB, 0)} MiB${mark(r.idle.peakMiB < RSS_GOAL_MIB)}`,
      `${fmt(r.idle.heapUsedMiB, 0)} / ${fmt(r.idle.heapTotalMiB, 0)} MiB`,
    ]),
  );
}
