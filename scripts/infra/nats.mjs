// Finds the NATS server the services should use, or starts a nats-server found on PATH.
//
// Where it looks: NATS_URL (default nats://127.0.0.1:4222; the first URL when several are given).
// When nothing answers there and the host is this machine, `nats-server -js -sd <storeDir>` is
// started on that address and port. JetStream is required: a server without it is reported.
// Such a server has no users; npm start's own server with one user per service is nats-own.mjs.
import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { delimiter, join, resolve } from 'node:path';
import { bareHost, isLoopback, probeTcp, waitUntil } from './net.mjs';
import { forEachLine, spawnOwned, stopOwned } from './processes.mjs';

export const NATS_DEFAULT_URL = 'nats://127.0.0.1:4222';

export const NATS_INSTALL_HINTS = [
  'Debian/Ubuntu: sudo apt-get install nats-server   (installs /usr/sbin/nats-server; add /usr/sbin to PATH if needed)',
  'macOS (Homebrew): brew install nats-server',
  'Docker: docker compose -f deploy/compose.yaml up nats',
  'or point NATS_URL at a running NATS server with JetStream enabled',
];

export class NatsServerNotFoundError extends Error {
  constructor(where, searched) {
    super(
      `Nothing answers at ${where} and no nats-server was found on PATH (${searched || 'PATH is empty'}).\n` +
        `Ways to get one:\n${NATS_INSTALL_HINTS.map((hint) => `  - ${hint}`).join('\n')}`,
    );
    this.name = 'NatsServerNotFoundError';
  }
}

/** Host and port of the first server in NATS_URL (default nats://127.0.0.1:4222). */
export function resolveNatsTarget(env = process.env) {
  const first = (env.NATS_URL || NATS_DEFAULT_URL).split(',')[0].trim();
  let url;
  try {
    url = new URL(first.includes('://') ? first : `nats://${first}`);
  } catch {
    throw new Error(`NATS_URL is not a URL: ${env.NATS_URL}`);
  }
  return {
    host: bareHost(url.hostname) || '127.0.0.1',
    port: Number(url.port || 4222),
    url: env.NATS_URL || NATS_DEFAULT_URL,
    source: env.NATS_URL ? 'NATS_URL' : 'default',
  };
}

/**
 * What answers at the target: { status: 'absent' }, { status: 'ready', version } for a NATS server
 * with JetStream, or { status: 'unusable', reason } for something else (not NATS, or no JetStream).
 */
export async function probeNats(target, { timeoutMs = 1500 } = {}) {
  const line = await probeTcp(target.host, target.port, { timeoutMs, greeting: true });
  if (line === null) return { status: 'absent' };
  if (!line.startsWith('INFO '))
    return { status: 'unusable', reason: `it does not speak NATS (said "${line.slice(0, 60)}")` };
  let info;
  try {
    info = JSON.parse(line.slice(5));
  } catch {
    return { status: 'unusable', reason: 'its INFO greeting is not JSON' };
  }
  if (!info.jetstream)
    return { status: 'unusable', reason: `NATS ${info.version} there has JetStream disabled (start it with -js)` };
  return { status: 'ready', version: info.version };
}

/** The first executable `name` in the directories of `pathValue` (a PATH string), or null. */
export async function findOnPath(name, pathValue = process.env.PATH ?? '') {
  for (const dir of pathValue.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * Makes sure a NATS server with JetStream answers at NATS_URL. Uses the one there, or starts
 * `nats-server` from `env.PATH` (loopback targets only). Resolves
 * { target, embedded, version, binary?, stop(), exited? }.
 */
export async function ensureNats({
  env = process.env,
  storeDir = '.local/nats',
  log = () => {},
  onServerLine = () => {},
  startTimeoutMs = 15_000,
} = {}) {
  const target = resolveNatsTarget(env);
  const where = `${target.host}:${target.port}`;
  const probe = await probeNats(target);
  if (probe.status === 'ready') {
    log(`NATS ${probe.version} with JetStream already answers at ${where} (${target.source}); using it`);
    return { target, embedded: false, version: probe.version, stop: async () => {} };
  }
  if (probe.status === 'unusable') {
    throw new Error(`Something answers at ${where} (${target.source}) but ${probe.reason}. Fix it or set NATS_URL.`);
  }
  if (!isLoopback(target.host)) {
    throw new Error(
      `Nothing answers at ${where} (${target.source}), and that is not this machine, so no nats-server can be started there.`,
    );
  }
  const binary = await findOnPath('nats-server', env.PATH ?? '');
  if (!binary) throw new NatsServerNotFoundError(where, env.PATH ?? '');

  const store = resolve(storeDir);
  await mkdir(store, { recursive: true });
  const server = await startNatsServer(
    binary,
    ['-js', '-sd', store, '-a', target.host, '-p', String(target.port)],
    target,
    { env, onServerLine, startTimeoutMs },
  );
  log(
    `Started nats-server ${server.version ?? ''} from ${binary} with JetStream at ${where}, store in ${store}; nothing was answering there`,
  );
  return { target, embedded: true, binary, storeDir: store, ...server };
}

/**
 * Runs `binary args` and waits until NATS with JetStream answers at `target`. Resolves
 * { version, exited, stop() }; rejects with the server's last lines when it does not come up.
 */
export async function startNatsServer(
  binary,
  args,
  target,
  { env = process.env, serverEnv = {}, onServerLine = () => {}, startTimeoutMs = 15_000 } = {},
) {
  const where = `${target.host}:${target.port}`;
  // serverEnv: variables the config refers to ($CS_NATS_PASSWORD_… in the deployed form).
  const child = spawnOwned(binary, args, { env: { ...process.env, ...serverEnv, PATH: env.PATH ?? '' } });
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
  const ready = await waitUntil(async () => (await probeNats(target, { timeoutMs: 500 })).status === 'ready', {
    timeoutMs: startTimeoutMs,
    intervalMs: 100,
    abort: () => exitedEarly,
  });
  if (!ready) {
    await stopOwned(child, { signal: 'SIGINT', graceMs: 5000 });
    throw new Error(
      `${binary} did not answer on ${where} within ${startTimeoutMs} ms${exitedEarly ? ' (it exited)' : ''}. Last output:\n${tail.join('\n')}`,
    );
  }
  return {
    version: (await probeNats(target)).version,
    exited: child.exited,
    // SIGINT: nats-server shuts JetStream down cleanly and exits 0 (on SIGTERM it exits 1).
    stop: async () => {
      await stopOwned(child, { signal: 'SIGINT', graceMs: 10_000 });
    },
  };
}
