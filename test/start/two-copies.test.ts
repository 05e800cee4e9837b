import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, probeTcp, waitUntil } from '../../scripts/infra/net.mjs';
import { SERVICES, startSettings } from '../../scripts/infra/services.mjs';
import { ensureServicesBuilt } from '../e2e/processes/support/build.js';
import { pathWithSbin, scratchDir, stopGracefully } from './helpers.js';

const repo = resolve(import.meta.dirname, '../..');
const startScript = join(repo, 'scripts/start.mjs');
const SERVICE = 'orders';
const spec = SERVICES.find((s) => s.name === SERVICE);
if (!spec) throw new Error(`${SERVICE} is a service`);

interface Copy {
  offset: number;
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

/** The kernel's range for the local ports of outgoing connections (Linux; 32768–60999 by default). */
function ephemeralPorts(): [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (low && high) return [low, high];
  } catch {
    // not Linux: assume the default
  }
  return [32_768, 60_999];
}

const MAX_OFFSET = 65_535 - Math.max(...SERVICES.map((s) => s.grpcPort));

/**
 * An offset whose every port start.mjs would pick (HTTP, gRPC, its nats-server, the issuer) is free,
 * and outside the ephemeral range: there, another test's outgoing connection could take the port
 * between the probe and the bind (EADDRINUSE on gRPC 57964 in a CI run), and a probe cannot see it.
 */
async function freeOffset(taken: number[]): Promise<number> {
  const [ephemeralLow, ephemeralHigh] = ephemeralPorts();
  for (let attempt = 0; attempt < 200; attempt++) {
    const offset = 1000 + Math.floor(Math.random() * (MAX_OFFSET - 1000));
    const ports = [spec!.httpPort, spec!.grpcPort, 4223, 8400].map((port) => port + offset);
    if (ports.some((port) => port >= ephemeralLow && port <= ephemeralHigh)) continue;
    if (taken.some((other) => Math.abs(other - offset) < 10)) continue;
    const answers = await Promise.all(ports.map((port) => probeTcp('127.0.0.1', port, { timeoutMs: 300 })));
    if (answers.every((answer) => answer === null)) return offset;
  }
  throw new Error('no free port offset found');
}

function startCopy(offset: number, env: Record<string, string>): Copy {
  const child = spawn(process.execPath, [startScript, SERVICE], {
    cwd: repo,
    env: { HOME: process.env.HOME ?? '/root', PATH: pathWithSbin(), CS_PORT_OFFSET: String(offset), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk) => {
    text += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    text += chunk;
  });
  const exit = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { offset, child, output: () => text, exit };
}

async function ready(copy: Copy): Promise<boolean> {
  const url = `http://127.0.0.1:${spec!.httpPort + copy.offset}/readyz`;
  return waitUntil(
    async () => {
      if (copy.child.exitCode !== null) return true; // exited: the assertion below shows why
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
      return response?.status === 200;
    },
    { timeoutMs: 90_000, intervalMs: 500 },
  );
}

/** A non-loopback IPv4 address of this machine, if it has one. */
function outsideAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((info) => info && info.family === 'IPv4' && !info.internal)?.address;
}

// Two `npm start`s side by side (issue: the second died with EADDRINUSE): the second, with another
// CS_PORT_OFFSET, gets its own ports, nats-server and databases, and shares the first one's PostgreSQL.
describe('two copies of scripts/start.mjs', () => {
  const copies: Copy[] = [];
  const scratch = scratchDir('two-copies');
  let pgPort = 0;

  beforeAll(async () => {
    await ensureServicesBuilt([SERVICE]);
    pgPort = await freePort();
  }, 600_000);

  afterAll(async () => {
    for (const copy of copies.reverse()) await stopGracefully(copy.child, copy.exit, 20_000);
    scratch.remove();
  }, 60_000);

  it('both become ready on their own ports, on 127.0.0.1 only, each with its own database, and both stop cleanly', async () => {
    const common = {
      CS_POSTGRES_URL: `postgres://postgres@127.0.0.1:${pgPort}/postgres`,
      NATS_URL: '', // each copy runs its own nats-server, on 4223 + its offset
      SHUTDOWN_GRACE_MS: '5000',
    };
    const first = startCopy(await freeOffset([]), { ...common, CS_LOCAL_DIR: join(scratch.dir, 'a') });
    copies.push(first);
    expect(await ready(first), first.output()).toBe(true);
    expect(first.child.exitCode, first.output()).toBeNull();

    // The second finds the first one's embedded PostgreSQL answering and uses it.
    const second = startCopy(await freeOffset([first.offset]), { ...common, CS_LOCAL_DIR: join(scratch.dir, 'b') });
    copies.push(second);
    expect(await ready(second), second.output()).toBe(true);
    expect(second.child.exitCode, second.output()).toBeNull();
    expect(first.child.exitCode, first.output()).toBeNull();

    for (const copy of [first, second]) {
      expect(await probeTcp('127.0.0.1', spec.grpcPort + copy.offset)).toBe('');
      expect(copy.output()).toContain(`databases cs${copy.offset}_<service>`);
      const outside = outsideAddress();
      if (outside) expect(await probeTcp(outside, spec.httpPort + copy.offset, { timeoutMs: 1000 })).toBeNull();
    }
    const client = new pg.Client({ connectionString: common.CS_POSTGRES_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname LIKE 'cs%_orders' ORDER BY datname",
      );
      expect(rows.map((row) => row.datname).sort()).toEqual(
        [`cs${first.offset}_orders`, `cs${second.offset}_orders`].sort(),
      );
    } finally {
      await client.end();
    }

    second.child.kill('SIGTERM');
    expect(await second.exit, second.output()).toBe(0);
    first.child.kill('SIGTERM');
    expect(await first.exit, first.output()).toBe(0);
  }, 240_000);

  it('derives the ports, database prefix and local directory from CS_PORT_OFFSET, and refuses bad values', () => {
    expect(startSettings({}, '/r')).toEqual({
      portOffset: 0,
      databasePrefix: 'cs_',
      bindHost: '127.0.0.1',
      localDir: '/r/.local',
    });
    expect(startSettings({ CS_PORT_OFFSET: '100', BIND_HOST: '0.0.0.0' }, '/r')).toEqual({
      portOffset: 100,
      databasePrefix: 'cs100_',
      bindHost: '0.0.0.0',
      localDir: '/r/.local/offset-100',
    });
    expect(
      startSettings({ CS_PORT_OFFSET: '100', CS_DATABASE_PREFIX: 'mine_', CS_LOCAL_DIR: 'x' }, '/r'),
    ).toMatchObject({
      databasePrefix: 'mine_',
      localDir: '/r/x',
    });
    expect(() => startSettings({ CS_PORT_OFFSET: '-1' }, '/r')).toThrow(/CS_PORT_OFFSET must be an integer 0\.\.15479/);
    expect(() => startSettings({ CS_PORT_OFFSET: '20000' }, '/r')).toThrow(/CS_PORT_OFFSET/);
    expect(() => startSettings({ CS_DATABASE_PREFIX: 'Bad-Name' }, '/r')).toThrow(/CS_DATABASE_PREFIX/);
  });
});
