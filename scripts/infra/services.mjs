// The six services as start.mjs runs them: ports, environment, command line.
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
export function serviceEnv(service, { baseEnv = process.env, postgresTarget, natsUrl, natsPassword }) {
  return {
    ...baseEnv,
    DATABASE_URL: postgresUrl(postgresTarget, `cs_${service.name}`),
    NATS_URL: natsUrl,
    ...(natsPassword ? { NATS_USER: service.name, NATS_PASSWORD: natsPassword } : {}),
    HTTP_PORT: String(service.httpPort),
    GRPC_PORT: String(service.grpcPort),
    MIGRATE_ON_START: baseEnv.MIGRATE_ON_START ?? 'true',
    LOG_LEVEL: baseEnv.LOG_LEVEL ?? 'info',
    SHUTDOWN_GRACE_MS: baseEnv.SHUTDOWN_GRACE_MS ?? '10000',
    NODE_ENV: baseEnv.NODE_ENV ?? 'development',
  };
}

/** Arguments after `node`: the same command line the container image runs. */
export function serviceArgs(service) {
  return ['--enable-source-maps', '--import', '@cs/telemetry/register', `services/${service.name}/dist/main.js`];
}
