import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { JwksTokenVerifier } from '@cs/auth';
import { connect } from '@nats-io/transport-node';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, probeTcp, waitUntil } from '../../scripts/infra/net.mjs';
import { type ServiceSpec, serviceEntry } from '../../scripts/infra/services.mjs';
import { pathWithSbin, scratchDir, stopGracefully } from './helpers.js';

const DEBIAN_JEMALLOC = `/usr/lib/${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu/libjemalloc.so.2`;
const startScript = resolve(import.meta.dirname, '../../scripts/start.mjs');
const tokenScript = resolve(import.meta.dirname, '../../scripts/token.mjs');

// A stand-in for a built service: logs JSON like pino, drains for 200 ms on SIGTERM, and crashes
// on request. It records whether `--import @cs/telemetry/register` ran first.
const STUB_MAIN = `
const name = process.argv[1].split('/').at(-3);
const log = (level, msg, extra = {}) => console.log(JSON.stringify({ level, time: Date.now(), msg, service: name, ...extra }));
log(30, 'listening', {
  databaseUrl: process.env.DATABASE_URL, natsUrl: process.env.NATS_URL, httpPort: process.env.HTTP_PORT,
  natsUser: process.env.NATS_USER, natsPassword: process.env.NATS_PASSWORD,
  authIssuer: process.env.AUTH_ISSUER, authAudience: process.env.AUTH_AUDIENCE, authJwksUrl: process.env.AUTH_JWKS_URL,
  authTokenUrl: process.env.AUTH_TOKEN_URL, authClientId: process.env.AUTH_CLIENT_ID, authClientSecret: process.env.AUTH_CLIENT_SECRET,
  migrateOnStart: process.env.MIGRATE_ON_START, telemetry: globalThis.csTelemetryLoaded === true,
  allocator: process.getBuiltinModule('node:fs').readFileSync('/proc/self/maps', 'utf8').includes('libjemalloc') ? 'jemalloc' : 'glibc',
  v8Workers: threadNames().filter((thread) => thread === 'V8Worker').length,
});
function threadNames() {
  const fs = process.getBuiltinModule('node:fs');
  return fs.readdirSync('/proc/self/task').map((task) => fs.readFileSync('/proc/self/task/' + task + '/comm', 'utf8').trim());
}
if (process.env.STUB_CRASH === name) setTimeout(() => { log(60, 'crashing on purpose'); process.exit(3); }, 300);
if (process.env.STUB_IGNORE_SIGTERM !== name) {
  process.on('SIGTERM', () => {
    log(30, 'draining');
    setTimeout(() => { log(30, 'drained'); process.exit(0); }, 200);
  });
} else {
  process.on('SIGTERM', () => log(40, 'ignoring SIGTERM'));
}
setInterval(() => {}, 1000);
`;

function makeTree(root: string, services: ServiceSpec['name'][]): void {
  for (const name of services) {
    const entry = join(root, serviceEntry(name));
    mkdirSync(dirname(entry), { recursive: true });
    writeFileSync(entry, STUB_MAIN);
  }
  const telemetry = join(root, 'node_modules', '@cs', 'telemetry');
  mkdirSync(telemetry, { recursive: true });
  writeFileSync(
    join(telemetry, 'package.json'),
    JSON.stringify({ name: '@cs/telemetry', type: 'module', exports: { './register': './register.js' } }),
  );
  writeFileSync(join(telemetry, 'register.js'), 'globalThis.csTelemetryLoaded = true;\n');
}

interface Run {
  child: ChildProcess;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  pgPort: number;
  natsPort: number;
}

async function startSupervisor(root: string, services: string[], extraEnv: Record<string, string> = {}): Promise<Run> {
  const pgPort = await freePort();
  const natsPort = await freePort();
  const child = spawn(process.execPath, [startScript, ...services], {
    env: {
      HOME: process.env.HOME ?? '/root',
      PATH: pathWithSbin(),
      CS_START_ROOT: root,
      CS_POSTGRES_URL: `postgres://postgres@127.0.0.1:${pgPort}/postgres`,
      NATS_URL: `nats://127.0.0.1:${natsPort}`,
      // Used only without NATS_URL (extraEnv NATS_URL: ''): the port of start.mjs's own nats-server.
      NATS_PORT: String(natsPort),
      SHUTDOWN_GRACE_MS: '1000',
      AUTH_DEV_ISSUER_PORT: String(await freePort()),
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk) => {
    text += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    text += chunk;
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  return { child, output: () => text, exit, pgPort, natsPort };
}

/** The lines of one process, without their `name | ` prefix (its width depends on the names shown). */
function linesOf(output: string, name: string): string[] {
  const prefix = new RegExp(`^${name} *\\| `);
  return output
    .split('\n')
    .filter((line) => prefix.test(line))
    .map((line) => line.replace(prefix, ''));
}

// Each test starts an embedded PostgreSQL and a nats-server: generous bounds for a loaded machine.
describe('scripts/start.mjs', { timeout: 90_000 }, () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  // Long enough for stopGracefully's wait: start.mjs drains the services and stops both servers.
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  }, 45_000);

  it('starts the servers and the services, and on SIGTERM drains every service, stops the servers and exits 0', async () => {
    const scratch = scratchDir('supervisor');
    cleanups.push(scratch.remove);
    makeTree(scratch.dir, ['orders', 'aftersales']);
    const run = await startSupervisor(scratch.dir, ['orders', 'aftersales']);
    cleanups.push(() => stopGracefully(run.child, run.exit, 30_000));

    const up = await waitUntil(() => (run.output().match(/"msg":"listening"/g) ?? []).length === 2, {
      timeoutMs: 60_000,
    });
    expect(up, run.output()).toBe(true);
    const output = run.output();
    expect(output).toMatch(/EMBEDDED PostgreSQL/);
    expect(output).toMatch(/Started nats-server/);

    // Raw JSON (stdout is not a terminal), each line behind a fixed-width name.
    const [ordersLine] = linesOf(output, 'orders');
    const ordersLog = JSON.parse(ordersLine ?? '{}');
    expect(ordersLog).toMatchObject({
      msg: 'listening',
      databaseUrl: `postgres://postgres@127.0.0.1:${run.pgPort}/cs_orders`,
      natsUrl: `nats://127.0.0.1:${run.natsPort}`,
      httpPort: '3002',
      migrateOnStart: 'true',
      telemetry: true,
      // As the image runs them (SERVICE_PROCESS_ENV), wherever the machine has Debian's libjemalloc2.
      allocator: existsSync(DEBIAN_JEMALLOC) ? 'jemalloc' : 'glibc',
      // SERVICE_NODE_FLAGS: one V8 worker thread, as the image runs them (Node starts four).
      v8Workers: 1,
    });
    expect(linesOf(output, 'aftersales')[0]).toContain('"databaseUrl":"postgres://postgres@127.0.0.1');

    run.child.kill('SIGTERM');
    expect(await run.exit).toEqual({ code: 0, signal: null });
    const final = run.output();
    expect(linesOf(final, 'orders').join('\n')).toContain('"msg":"drained"');
    expect(linesOf(final, 'aftersales').join('\n')).toContain('"msg":"drained"');
    expect(final).toContain('Stopping the embedded PostgreSQL');
    expect(final).toContain('Stopping the nats-server');
    expect(await probeTcp('127.0.0.1', run.pgPort)).toBeNull();
    expect(await probeTcp('127.0.0.1', run.natsPort)).toBeNull();
  });

  it('without NATS_URL runs its own nats-server with a user per service and says how integrators connect', async () => {
    const scratch = scratchDir('supervisor-nats-auth');
    cleanups.push(scratch.remove);
    makeTree(scratch.dir, ['orders', 'care']);
    const run = await startSupervisor(scratch.dir, ['orders', 'care'], { NATS_URL: '' });
    cleanups.push(() => stopGracefully(run.child, run.exit, 30_000));
    const up = await waitUntil(() => (run.output().match(/"msg":"listening"/g) ?? []).length === 2, {
      timeoutMs: 60_000,
    });
    expect(up, run.output()).toBe(true);
    const output = run.output();
    expect(output).toContain(`at 127.0.0.1:${run.natsPort} with JetStream`);
    expect(output).toContain('one user per service');

    // Every service gets its own user; the passwords are the ones kept in .local/nats/users.json.
    const users = JSON.parse(readFileSync(join(scratch.dir, '.local/nats/users.json'), 'utf8'));
    const url = `nats://127.0.0.1:${run.natsPort}`;
    for (const name of ['orders', 'care']) {
      expect(JSON.parse(linesOf(output, name)[0] ?? '{}')).toMatchObject({
        natsUrl: url,
        natsUser: name,
        natsPassword: users[name],
      });
    }
    expect(users.orders).not.toBe(users.care);
    const integratorLine = output.split('\n').find((line) => line.includes('Integrators'));
    expect(integratorLine).toContain(`connect to ${url} as user "integrator" with password "${users.integrator}"`);
    const integrator = await connect({ servers: url, user: 'integrator', pass: users.integrator });
    await integrator.close();
    await expect(connect({ servers: url })).rejects.toThrow(/Authorization Violation/i);

    run.child.kill('SIGTERM');
    expect(await run.exit).toEqual({ code: 0, signal: null });
    expect(await probeTcp('127.0.0.1', run.natsPort)).toBeNull();
  });

  it('runs a local identity provider: services trust it and get their own client credentials; npm run token mints for it', async () => {
    const scratch = scratchDir('supervisor-identity');
    cleanups.push(scratch.remove);
    makeTree(scratch.dir, ['orders', 'care']);
    const run = await startSupervisor(scratch.dir, ['orders', 'care']);
    cleanups.push(() => stopGracefully(run.child, run.exit, 30_000));
    const up = await waitUntil(() => (run.output().match(/"msg":"listening"/g) ?? []).length === 2, {
      timeoutMs: 60_000,
    });
    expect(up, run.output()).toBe(true);
    expect(run.output()).toContain('npm run -s token -- --role front-line-agent');
    const orders = JSON.parse(linesOf(run.output(), 'orders')[0] ?? '{}');
    const care = JSON.parse(linesOf(run.output(), 'care')[0] ?? '{}');
    expect(orders).toMatchObject({ authAudience: 'cs-platform', authClientId: 'service:orders' });
    expect(care.authIssuer).toBe(orders.authIssuer);
    expect(care.authClientSecret).not.toBe(orders.authClientSecret);

    const verifier = new JwksTokenVerifier({
      issuer: orders.authIssuer,
      audience: orders.authAudience,
      jwksUrl: orders.authJwksUrl,
      clockSkewSeconds: 0,
      rolesClaim: 'roles',
    });
    // A service's own token, by the client-credentials grant with the secret it was given.
    const grant = await fetch(orders.authTokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'service:orders',
        client_secret: orders.authClientSecret,
      }),
    });
    const { access_token } = (await grant.json()) as { access_token: string };
    expect(await verifier.verify(access_token)).toMatchObject({ subject: 'service:orders', roles: ['service'] });
    const wrongSecret = await fetch(orders.authTokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'service:orders',
        client_secret: care.authClientSecret,
      }),
    });
    expect(wrongSecret.status).toBe(401);

    // A person's token, as the README tells a newcomer to get one.
    const token = execFileSync(
      process.execPath,
      [tokenScript, '--role', 'front-line-agent', '--agent', 'a-7', '--name', '张三', '--team', 'front-line'],
      { env: { ...process.env, CS_START_ROOT: scratch.dir } },
    )
      .toString()
      .trim();
    expect(await verifier.verify(token)).toMatchObject({
      subject: 'a-7',
      roles: ['front-line-agent'],
      name: '张三',
      team: 'front-line',
    });

    run.child.kill('SIGTERM');
    expect(await run.exit).toEqual({ code: 0, signal: null });
    await expect(fetch(orders.authJwksUrl)).rejects.toThrow();
  });

  it('when a service dies on its own, names it, stops the rest and exits non-zero', async () => {
    const scratch = scratchDir('supervisor-crash');
    cleanups.push(scratch.remove);
    makeTree(scratch.dir, ['inquiry', 'orders']);
    const run = await startSupervisor(scratch.dir, ['inquiry', 'orders'], { STUB_CRASH: 'orders' });
    cleanups.push(() => stopGracefully(run.child, run.exit, 30_000));

    const result = await run.exit;
    expect(result.code, run.output()).toBe(1);
    const output = run.output();
    expect(output).toMatch(/orders exited unexpectedly \(code 3\)/);
    expect(linesOf(output, 'inquiry').join('\n')).toContain('"msg":"drained"');
    expect(await probeTcp('127.0.0.1', run.pgPort)).toBeNull();
    expect(await probeTcp('127.0.0.1', run.natsPort)).toBeNull();
  });

  it('kills a service that ignores SIGTERM once the grace period is over', async () => {
    const scratch = scratchDir('supervisor-hang');
    cleanups.push(scratch.remove);
    makeTree(scratch.dir, ['care']);
    const run = await startSupervisor(scratch.dir, ['care'], { STUB_IGNORE_SIGTERM: 'care', SHUTDOWN_GRACE_MS: '0' });
    cleanups.push(() => stopGracefully(run.child, run.exit, 30_000));
    expect(await waitUntil(() => run.output().includes('"msg":"listening"'), { timeoutMs: 60_000 })).toBe(true);

    const started = Date.now();
    run.child.kill('SIGINT');
    expect(await run.exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_500);
    expect(run.output()).toContain('care did not stop within 5000 ms and was killed');
  });

  it('refuses to start when a service is not built, saying to run the build', async () => {
    const scratch = scratchDir('supervisor-unbuilt');
    cleanups.push(scratch.remove);
    const run = await startSupervisor(scratch.dir, ['knowledge']);
    expect((await run.exit).code).toBe(1);
    expect(run.output()).toContain('services/knowledge/dist/main.bundle.js');
    expect(run.output()).toContain('npm run build');
  });
});
