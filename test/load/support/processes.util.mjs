// Child processes of the benchmark (services, subscriber worker, pgbench): started here,
// and stopped by the cleanup even when a benchmark fails.
import { spawn } from 'node:child_process';
import { testAuthEnv } from '@cs/testing';
import { SERVICE_NODE_FLAGS, SERVICE_PROCESS_ENV, serviceEntry } from '../../../scripts/infra/services.mjs';
import { freePort, log, NATS_URL, nodeBin, repoRoot, sleep } from './bench.util.mjs';
import { limitCpu } from './cpu-limit.util.mjs';

const children = new Set();

/** Keeps the last lines a child wrote, to show them when it dies. */
function tail(stream, lines, limit = 40) {
  let partial = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      if (lines.length > limit) lines.shift();
    }
  });
}

/** `cpuLimit` (cores): the child under a CPU quota of its own from right after its spawn, as a pod with a CPU limit. */
export function track(child, name, { cpuLimit } = {}) {
  const quota = cpuLimit ? limitCpu(child.pid, cpuLimit, name) : undefined;
  const entry = { child, name, lines: [], exited: false };
  tail(child.stdout, entry.lines);
  tail(child.stderr, entry.lines);
  entry.done = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      entry.exited = true;
      entry.code = code;
      entry.signal = signal;
      children.delete(entry);
      quota?.release();
      resolve();
    });
  });
  children.add(entry);
  return entry;
}

/** SIGTERM, then SIGKILL after graceMs; resolves once the process has exited. */
export async function stopProcess(entry, graceMs = 15_000) {
  if (entry.exited) return;
  entry.child.kill('SIGTERM');
  const killed = await Promise.race([entry.done.then(() => false), sleep(graceMs).then(() => true)]);
  if (killed) {
    log(`${entry.name} did not stop within ${graceMs} ms; killing it`);
    entry.child.kill('SIGKILL');
    await entry.done;
  }
}

export async function stopAllProcesses() {
  await Promise.allSettled([...children].map((entry) => stopProcess(entry)));
}

export const recentOutput = (entry) => entry.lines.slice(-20).join('\n');

/**
 * Starts a built service (services/<service>/dist/main.bundle.js) as production runs it (telemetry hook
 * included) on free ports, and waits for /readyz. Its relay publishes what lands in the database's
 * cs_outbox. `name` tells replicas of one service apart; `env` adds the service's own variables;
 * `entry` runs another bundle (inside the repository, so its externals resolve); `nodeFlags` adds node flags;
 * `cpuLimit` (cores) puts it under a CPU quota of its own (see track).
 */
export async function startService(
  service,
  { databaseUrl, subjectPrefix, name = service, env = {}, entry: main, nodeFlags = [], cpuLimit },
) {
  const [httpPort, grpcPort] = [await freePort(), await freePort()];
  const authEnv = await testAuthEnv(service);
  const child = spawn(
    nodeBin,
    [
      // BENCH_CPU_PROF=<dir>: a V8 CPU profile of the service, written when it stops (to see what is hot).
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
      // The flags npm start and the image run services with.
      ...SERVICE_NODE_FLAGS,
      // BENCH_SERVICE_NODE_FLAGS: node flags to try, after the services' own (the last V8 flag wins).
      ...(process.env.BENCH_SERVICE_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
      // nodeFlags: this process's own (an A/B's side), after all the others.
      ...nodeFlags,
      '--import',
      '@cs/telemetry/register',
      main ?? serviceEntry(service),
    ],
    {
      cwd: repoRoot,
      env: {
        ...SERVICE_PROCESS_ENV,
        ...process.env,
        DATABASE_URL: databaseUrl,
        NATS_URL,
        SUBJECT_PREFIX: subjectPrefix,
        HTTP_PORT: String(httpPort),
        GRPC_PORT: String(grpcPort),
        LOG_LEVEL: 'warn',
        SERVICE_NAME: service,
        ...authEnv,
        // One client seeds and drives all the load: the per-caller intake limit would measure itself.
        INTAKE_RATE_PER_SECOND: '1000000',
        INTAKE_BURST: '1000000',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const entry = track(child, name, { cpuLimit });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (entry.exited)
      throw new Error(`${name} exited during start (${entry.code ?? entry.signal}):\n${recentOutput(entry)}`);
    try {
      const response = await fetch(`http://127.0.0.1:${httpPort}/readyz`);
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stopProcess(entry);
      throw new Error(`${name} not ready within 60 s:\n${recentOutput(entry)}`);
    }
    await sleep(200);
  }
  return {
    entry,
    name,
    pid: child.pid,
    grpcAddress: `127.0.0.1:${grpcPort}`,
    httpUrl: `http://127.0.0.1:${httpPort}`,
    stop: () => stopProcess(entry),
  };
}

/** The orders service (the change-address benchmark's). */
export const startOrders = (options) => startService('orders', options);
