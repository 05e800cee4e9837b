// The six services as start.mjs runs them: ports, environment, command line.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { postgresUrl } from './postgres.mjs';

/** Default ports; each can be overridden per process with HTTP_PORT / GRPC_PORT. */
export const SERVICES = Object.freeze([
  { name: 'inquiry', httpPort: 3001, grpcPort: 50051 },
  { name: 'orders', httpPort: 3002, grpcPort: 50052 },
  { name: 'aftersales', httpPort: 3003, grpcPort: 50053 },
  { name: 'complaints', httpPort: 3004, grpcPort: 50054 },
  { name: 'care', httpPort: 3005, grpcPort: 50055 },
  { name: 'knowledge', httpPort: 3006, grpcPort: 50056 },
]);

const MAX_PORT_OFFSET = 65_535 - Math.max(...SERVICES.map((service) => service.grpcPort));

/**
 * The start script's own settings (README, "The two commands"), so that copies can run side by side:
 * CS_PORT_OFFSET (0) is added to every port start.mjs picks (the services' HTTP and gRPC ports, its
 * nats-server's, the development issuer's); CS_DATABASE_PREFIX names the databases (`cs_`, or
 * `cs<offset>_` with an offset, so a second copy has data of its own); BIND_HOST (127.0.0.1: reachable
 * from this machine only) is where the services listen; CS_LOCAL_DIR (.local, or .local/offset-<n>)
 * holds the embedded servers' data, the NATS passwords and the issuer's key. Throws on a bad value.
 */
export function startSettings(env, root) {
  const rawOffset = env.CS_PORT_OFFSET?.trim() || '0';
  const portOffset = Number(rawOffset);
  if (!/^\d+$/.test(rawOffset) || portOffset > MAX_PORT_OFFSET)
    throw new Error(
      `CS_PORT_OFFSET must be an integer 0..${MAX_PORT_OFFSET} (got ${JSON.stringify(env.CS_PORT_OFFSET)})`,
    );
  const databasePrefix = env.CS_DATABASE_PREFIX?.trim() || (portOffset ? `cs${portOffset}_` : 'cs_');
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(databasePrefix))
    throw new Error(
      `CS_DATABASE_PREFIX must be lower-case letters, digits and _ (got ${JSON.stringify(databasePrefix)})`,
    );
  const bindHost = env.BIND_HOST?.trim() || '127.0.0.1';
  const localDir = env.CS_LOCAL_DIR
    ? resolve(root, env.CS_LOCAL_DIR)
    : join(root, '.local', ...(portOffset ? [`offset-${portOffset}`] : []));
  return { portOffset, databasePrefix, bindHost, localDir };
}

/** The services with their ports moved by the offset. */
export function withOffset(services, portOffset) {
  return services.map((service) => ({
    ...service,
    httpPort: service.httpPort + portOffset,
    grpcPort: service.grpcPort + portOffset,
  }));
}

/** The services named on the command line (all when none), in the table's order; throws on an unknown name. */
export function selectServices(names) {
  if (!names.length) return [...SERVICES];
  const known = new Set(SERVICES.map((service) => service.name));
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length) throw new Error(`Unknown service(s): ${unknown.join(', ')}. Known: ${[...known].join(', ')}`);
  return SERVICES.filter((service) => names.includes(service.name));
}

/**
 * The environment of one service process: the caller's environment, plus its own database on the
 * chosen PostgreSQL server, the NATS URL, its ports, and migrations on start (locally the service
 * creates its database and schema itself; in Kubernetes a Job does that instead). With
 * `natsPassword` (start.mjs's own NATS server) it connects as its own NATS user, named like the
 * service; otherwise NATS_USER/NATS_PASSWORD of the caller's environment, if any, pass through.
 */
export function serviceEnv(
  service,
  { baseEnv = process.env, postgresTarget, natsUrl, natsPassword, databasePrefix = 'cs_', portOffset = 0 },
) {
  // Where this copy's peers listen (care calls complaints, inquiry calls orders…), unless set.
  const peers = Object.fromEntries(
    withOffset(SERVICES, portOffset).map((peer) => [
      `${peer.name.toUpperCase()}_GRPC_ADDRESS`,
      baseEnv[`${peer.name.toUpperCase()}_GRPC_ADDRESS`] ?? `127.0.0.1:${peer.grpcPort}`,
    ]),
  );
  return {
    ...SERVICE_PROCESS_ENV,
    ...baseEnv,
    ...peers,
    DATABASE_URL: postgresUrl(postgresTarget, `${databasePrefix}${service.name}`),
    NATS_URL: natsUrl,
    ...(natsPassword ? { NATS_USER: service.name, NATS_PASSWORD: natsPassword } : {}),
    HTTP_PORT: String(service.httpPort),
    GRPC_PORT: String(service.grpcPort),
    BIND_HOST: baseEnv.BIND_HOST || '127.0.0.1',
    MIGRATE_ON_START: baseEnv.MIGRATE_ON_START ?? 'true',
    LOG_LEVEL: baseEnv.LOG_LEVEL ?? 'info',
    SHUTDOWN_GRACE_MS: baseEnv.SHUTDOWN_GRACE_MS ?? '10000',
    NODE_ENV: baseEnv.NODE_ENV ?? 'development',
  };
}

/**
 * Arguments after `node`: the same command line the container image runs. The semi-space cap: on a
 * machine with lots of memory, Node 24's V8 sizes the young generation at up to 64 MiB per semi-space, and
 * a service's start-up garbage fills it once and keeps it resident (~100 MiB of an idle service's
 * RSS); 8 MiB keeps scavenges short and frequent enough for request garbage (test/load/results.md,
 * Footprint). One V8 worker thread, not Node's four: a service runs on a core or two (pods with CPU
 * limits), where more GC helpers only contend with the main thread, and each kept ~1 MiB resident
 * (inquiry idles at 117–119 MiB with one, 121 with four; command-path throughput within noise).
 */
export const SERVICE_NODE_FLAGS = ['--max-semi-space-size=8', '--v8-pool-size=1', '--enable-source-maps'];

/** Where the image puts jemalloc (deploy/Dockerfile copies Debian's libjemalloc2 there). */
export const IMAGE_JEMALLOC = '/usr/local/lib/libjemalloc.so.2';

/** jemalloc: the image's copy, else Debian's libjemalloc2 (on every machine of ours: Redis depends on it). */
const jemalloc = [
  IMAGE_JEMALLOC,
  `/usr/lib/${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu/libjemalloc.so.2`,
].find((path) => existsSync(path));

/**
 * jemalloc's settings: one arena (the default, four per CPU of the node, holds more memory idle;
 * the threads' own caches keep them from contending for it), freed pages handed back to the system
 * after a second without the lazy "muzzy" stage, and no background thread (purging rides on the
 * allocations an idle service still makes: its polls, timers and health checks).
 */
export const JEMALLOC_CONF = 'narenas:1,background_thread:false,dirty_decay_ms:1000,muzzy_decay_ms:0';

/**
 * Environment every service process gets (the image sets the same). The services run on **jemalloc**
 * (LD_PRELOAD). glibc's malloc kept ~35 MiB of the 32 KiB zone segments V8's parser frees after
 * compiling the bundle at start, stranded between longer-lived allocations; the cure was to map every
 * block of 32 KiB or more on its own (MALLOC_MMAP_THRESHOLD_), but then every zlib stream (one per
 * command, sealing its outcome: 64 KiB of hash table) and every optimised compile mapped and unmapped
 * memory, and each unmap interrupts the other core to flush its TLB. jemalloc reuses such blocks and
 * hands back idle pages after a second: idle RSS stays as low, the command path runs faster
 * (test/load/results.md, Footprint and the command-path notes). Where jemalloc is missing, glibc runs
 * with the threshold.
 */
export const SERVICE_PROCESS_ENV = {
  MALLOC_MMAP_THRESHOLD_: '32768',
  ...(jemalloc ? { LD_PRELOAD: jemalloc, MALLOC_CONF: JEMALLOC_CONF } : {}),
};

/** What runs: the service bundled into one file by its build (scripts/bundle-service.mjs). */
export const serviceEntry = (name) => `services/${name}/dist/main.bundle.js`;

export function serviceArgs(service) {
  return [...SERVICE_NODE_FLAGS, '--import', '@cs/telemetry/register', serviceEntry(service.name)];
}
