// Small helpers shared by the benchmarks: paths, timing, statistics, Markdown tables, machine facts.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const loadDir = fileURLToPath(new URL('../', import.meta.url));
// The project's Node 24 (the `node` devDependency); never the machine's Node 20.
export const nodeBin = `${repoRoot}node_modules/.bin/node`;
export const PG_SERVER = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
export const NATS_URL = process.env.BENCH_NATS_URL ?? 'nats://127.0.0.1:4222';
export const dbUrl = (name) => `${PG_SERVER}/${name}`;

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A port nobody listens on now: other engineers run the services on the default ports in parallel. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function fmt(value, digits = 1) {
  if (value === undefined || value === null || Number.isNaN(value)) return '–';
  return typeof value === 'number' ? value.toFixed(digits) : String(value);
}

export function markdownTable(headers, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map((row) => line(row.map(String)))].join('\n');
}

/** Runs one query on a short-lived connection (setup and reporting only, never on the measured path). */
export async function sql(url, text, params = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}

export async function waitUntil(what, check, { timeoutMs = 60_000, everyMs = 200 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Outbox rows the relay has not published yet. */
export const pendingOutbox = async (url) =>
  Number((await sql(url, 'select count(*) as n from cs_outbox where published_at is null'))[0].n);

/** Waits until the service's relay has published everything (so its backlog does not spill into the next level). */
export const drainOutbox = (url, what = 'the relay to drain the outbox') =>
  waitUntil(what, async () => (await pendingOutbox(url)) === 0, { timeoutMs: 120_000 });

export async function machineFacts() {
  const [{ server_version: version }] = await sql(dbUrl('postgres'), 'show server_version');
  let nats = '?';
  try {
    nats = execFileSync('nats-server', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    // not on PATH: leave it out
  }
  return {
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? '?',
    memGiB: (os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    postgres: version,
    nats,
  };
}

/** The 1-minute load average: other work on a shared 2-core machine skews every figure. */
export const loadAverage = () => os.loadavg()[0].toFixed(2);

export const log = (...args) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${args.join(' ')}\n`);
