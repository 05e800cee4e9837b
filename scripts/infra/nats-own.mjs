// npm start's own nats-server, with authentication: one user per service, each allowed to publish
// only its own subjects, and a read-only `integrator` (the table is in nats-auth.mjs).
//
// It listens on 127.0.0.1:4223 (NATS_PORT to change): not on 4222, where a shared, unauthenticated
// development server often runs already. The config and the passwords live next to the JetStream
// store in .local/nats: nats-server.conf (rewritten on every start) and users.json (kept, 0600).
import { join, resolve } from 'node:path';
import { ensureNats, findOnPath, NATS_DEFAULT_URL, probeNats, startNatsServer } from './nats.mjs';
import { INTEGRATOR_USER, natsAuthorization, renderNatsConfig } from './nats-auth.mjs';
import { loadOrCreateCredentials, writeSecret } from './nats-credentials.mjs';

export const NATS_OWN_DEFAULT_PORT = 4223;

/** Host and port of the own server: 127.0.0.1 and NATS_PORT (default 4223). */
export function ownNatsTarget(env = process.env) {
  const port = env.NATS_PORT ? Number(env.NATS_PORT) : NATS_OWN_DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw new Error(`NATS_PORT is not a port: ${env.NATS_PORT}`);
  return { host: '127.0.0.1', port, url: `nats://127.0.0.1:${port}`, source: 'own' };
}

/**
 * Starts nats-server from PATH with the generated users. Resolves null when there is no
 * nats-server on PATH (the caller decides what to fall back to), else
 * { target, embedded: true, binary, storeDir, configFile, usersFile, credentials, version, exited, stop() },
 * `credentials` being { [user]: password } for every service and the integrator.
 */
export async function ensureOwnNats({
  env = process.env,
  dir = '.local/nats',
  services,
  log = () => {},
  onServerLine = () => {},
  startTimeoutMs = 15_000,
}) {
  const binary = await findOnPath('nats-server', env.PATH ?? '');
  if (!binary) return null;
  const target = ownNatsTarget(env);
  const where = `${target.host}:${target.port}`;
  // Never take over a server found there: its users (if any) are not the ones handed to the services.
  const probe = await probeNats(target);
  if (probe.status !== 'absent') {
    throw new Error(
      `Something already answers at ${where}${probe.status === 'ready' ? ` (NATS ${probe.version}, perhaps left from an earlier npm start)` : ''}. ` +
        'Stop it, set NATS_PORT to a free port, or set NATS_URL to use a server of your own.',
    );
  }
  const store = resolve(dir);
  const usersFile = join(store, 'users.json');
  const configFile = join(store, 'nats-server.conf');
  const credentials = await loadOrCreateCredentials(usersFile, [...services, INTEGRATOR_USER]);
  const authorization = natsAuthorization(services, { password: (user) => credentials[user] });
  await writeSecret(
    configFile,
    `# Written by scripts/start.mjs on every start (passwords from users.json); edit nats-auth.mjs instead.\n${renderNatsConfig(
      authorization,
      { host: target.host, port: target.port, storeDir: store },
    )}`,
  );
  const server = await startNatsServer(binary, ['-c', configFile], target, { env, onServerLine, startTimeoutMs });
  log(
    `Started nats-server ${server.version ?? ''} from ${binary} at ${where} with JetStream (store in ${store}) and ` +
      `one user per service (config ${configFile})`,
  );
  return { target, embedded: true, binary, storeDir: store, configFile, usersFile, credentials, ...server };
}

/**
 * The NATS of `npm start`: NATS_URL as it is when set (ensureNats: used, or started unauthenticated
 * on a local address); else the own server above; else, without nats-server on PATH, a warning and
 * the unauthenticated default (nats://127.0.0.1:4222 when something answers there).
 */
export async function ensureNatsForStart({
  env = process.env,
  dir = '.local/nats',
  services,
  log = () => {},
  onServerLine,
}) {
  const options = { env, storeDir: dir, log, onServerLine };
  if (env.NATS_URL) return ensureNats(options);
  const own = await ensureOwnNats({ env, dir, services, log, onServerLine });
  if (own) return own;
  log(
    'Warning: no nats-server on PATH, so the services cannot have NATS users of their own. Falling back to ' +
      `${NATS_DEFAULT_URL} WITHOUT authentication: any client may publish any subject there. ` +
      'Install nats-server (e.g. apt-get install nats-server) to get the per-service permissions.',
  );
  return ensureNats(options);
}
