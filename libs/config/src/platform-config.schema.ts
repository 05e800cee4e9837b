import { z } from 'zod';
import { envObject } from './env-object.js';
import { envBoolean, envEnum, envInt, envPort, envString, envUrl, envVar } from './env-var.js';

export interface ServiceDefaults {
  name: string;
  httpPort: number;
  grpcPort: number;
}

export const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type LogLevel = (typeof logLevels)[number];

function isPostgresUrl(raw: string): boolean {
  if (!URL.canParse(raw)) return false;
  const url = new URL(raw);
  return ['postgres:', 'postgresql:'].includes(url.protocol) && url.hostname !== '' && url.pathname.length > 1;
}

function natsUrls(raw: string): string[] | undefined {
  const urls = raw.split(',').map((url) => url.trim());
  const valid = urls.every((url) => URL.canParse(url) && new URL(url).protocol === 'nats:' && new URL(url).hostname);
  return valid ? urls : undefined;
}

function isTimeZone(raw: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: raw });
    return true;
  } catch {
    return false;
  }
}

/**
 * The variables every service reads, keyed by variable name. Exported so a service can spread it
 * into `envObject({ ...platformEnvShape(defaults), MY_VAR: … })` to add its own variables.
 */
export function platformEnvShape(service: ServiceDefaults) {
  return {
    SERVICE_NAME: envString().default(service.name),
    HTTP_PORT: envPort().default(service.httpPort),
    GRPC_PORT: envPort().default(service.grpcPort),
    // Where HTTP and gRPC listen: all interfaces (containers), or this machine only (npm start's default).
    // The HTTP mirror reaches the gRPC server on 127.0.0.1, so only these three are accepted.
    BIND_HOST: envVar('0.0.0.0 or :: (all interfaces) or 127.0.0.1 (this machine only)', (raw) =>
      ['0.0.0.0', '::', '127.0.0.1'].includes(raw) ? raw : undefined,
    ).default('0.0.0.0'),
    DATABASE_URL: envVar('a postgres:// or postgresql:// URL with a database name', (raw) =>
      isPostgresUrl(raw) ? raw : undefined,
    ).default(`postgres://postgres@127.0.0.1:5432/cs_${service.name}`),
    // PostgreSQL connections, for every pool of the service (see README, "Database connections"):
    // pool size, how long a request waits for a connection, and the server-side timeouts (0 = none).
    DB_POOL_MAX: envInt(1, 1000).default(10),
    DB_ACQUIRE_TIMEOUT_MS: envInt(0).default(5_000),
    DB_STATEMENT_TIMEOUT_MS: envInt(0).default(30_000),
    DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: envInt(0).default(60_000),
    NATS_URL: envVar('a nats:// URL or a comma-separated list of them', (raw) => natsUrls(raw)?.join(',')).default(
      'nats://127.0.0.1:4222',
    ),
    // This service's own NATS user; the server lets it publish only cs.<service>.> (both or neither).
    NATS_USER: envString().optional(),
    NATS_PASSWORD: envString().optional(),
    MIGRATE_ON_START: envBoolean().default(true),
    LOG_LEVEL: envEnum(logLevels).default('info'),
    SUBJECT_PREFIX: envVar('a NATS subject prefix (no spaces or wildcards)', (raw) =>
      /^[^\s*>]*$/.test(raw) ? raw : undefined,
    ).default(''),
    SHUTDOWN_GRACE_MS: envInt(0).default(10_000),
    // /readyz reports NATS as away when it has not answered a ping within this bound (see README, Readiness).
    NATS_PING_TIMEOUT_MS: envInt(100, 60_000).default(2000),
    // JetStream stream replicas: 1 on a single server, 3 on a production NATS cluster.
    BUS_STREAM_REPLICAS: envInt(1, 5).default(1),
    // Messaging retention (README, Events): published outbox rows, inbox rows (must outlast any
    // redelivery; a replay from further back is handled again) and idempotency keys.
    OUTBOX_RETENTION_HOURS: envInt(1).default(7 * 24),
    INBOX_RETENTION_HOURS: envInt(24).default(30 * 24),
    IDEMPOTENCY_RETENTION_HOURS: envInt(1).default(7 * 24),
    OTEL_EXPORTER_OTLP_ENDPOINT: envUrl().optional(),
    // Identity: the OpenID Connect provider whose tokens every call must carry (npm start runs a local one).
    AUTH_ISSUER: envString(),
    AUTH_AUDIENCE: envString(),
    AUTH_JWKS_URL: envUrl(),
    AUTH_CLOCK_SKEW_SECONDS: envInt(0, 300).default(30),
    AUTH_ROLES_CLAIM: envString().default('roles'),
    // This service's own identity for calls to other services (client-credentials grant).
    AUTH_TOKEN_URL: envUrl().optional(),
    AUTH_CLIENT_ID: envString().optional(),
    AUTH_CLIENT_SECRET: envString().optional(),
    // Largest request accepted, gRPC and HTTP alike; a service whose requests carry files sets its own default.
    MAX_REQUEST_BYTES: envInt(1024, 64 << 20).default(4 << 20),
    // Intake RPCs (new messages, orders, platform facts): requests per second per caller, and the burst allowed.
    INTAKE_RATE_PER_SECOND: envInt(1).default(200),
    INTAKE_BURST: envInt(1).default(400),
    // Browser origins allowed to call the HTTP API, comma-separated; none by default (CORS closed).
    CORS_ORIGINS: envVar('a comma-separated list of http(s) origins', (raw) =>
      raw === '' || raw.split(',').every((o) => /^https?:\/\/[^/\s]+$/.test(o.trim())) ? raw : undefined,
    ).default(''),
    SHOP_TIMEZONE: envVar('an IANA time zone such as Asia/Shanghai', (raw) =>
      isTimeZone(raw) ? raw : undefined,
    ).default('Asia/Shanghai'),
  };
}

/**
 * The schema every service validates its environment with. Besides the camelCase variables, the
 * output has `natsServers`, NATS_URL split into the array the NATS client wants (it does not split
 * a comma-separated string itself).
 */
export function platformConfigSchema(service: ServiceDefaults) {
  return envObject(platformEnvShape(service)).transform((config) => ({
    ...config,
    natsServers: config.natsUrl.split(','),
  }));
}

export type PlatformConfig = z.output<ReturnType<typeof platformConfigSchema>>;
