import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, platformConfigSchema } from '../src/index.js';

const schema = platformConfigSchema({ name: 'orders', httpPort: 3010, grpcPort: 50061 });
// The identity provider has no default: every environment names the one it trusts.
const identity = {
  AUTH_ISSUER: 'https://login.shop.example/realms/cs',
  AUTH_AUDIENCE: 'cs-platform',
  AUTH_JWKS_URL: 'https://login.shop.example/realms/cs/protocol/openid-connect/certs',
};
const parse = (env: Record<string, string>) => parseConfig(schema, { ...identity, ...env });

function configError(env: Record<string, string>, base: Record<string, string> = identity): ConfigError {
  try {
    parseConfig(schema, { ...base, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe('platformConfigSchema', () => {
  it('fills every default from the service description', () => {
    expect(parse({})).toEqual({
      serviceName: 'orders',
      httpPort: 3010,
      grpcPort: 50061,
      bindHost: '0.0.0.0',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/cs_orders',
      dbPoolMax: 10,
      dbAcquireTimeoutMs: 5_000,
      dbStatementTimeoutMs: 30_000,
      dbIdleInTransactionTimeoutMs: 60_000,
      natsUrl: 'nats://127.0.0.1:4222',
      natsServers: ['nats://127.0.0.1:4222'],
      migrateOnStart: true,
      logLevel: 'info',
      subjectPrefix: '',
      shutdownGraceMs: 10_000,
      natsPingTimeoutMs: 2_000,
      busStreamReplicas: 1,
      outboxRetentionHours: 168,
      inboxRetentionHours: 720,
      idempotencyRetentionHours: 168,
      otelExporterOtlpEndpoint: undefined,
      natsUser: undefined,
      natsPassword: undefined,
      authIssuer: identity.AUTH_ISSUER,
      authAudience: 'cs-platform',
      authJwksUrl: identity.AUTH_JWKS_URL,
      authClockSkewSeconds: 30,
      authRolesClaim: 'roles',
      authTokenUrl: undefined,
      authClientId: undefined,
      authClientSecret: undefined,
      maxRequestBytes: 4 << 20,
      intakeRatePerSecond: 200,
      intakeBurst: 400,
      corsOrigins: '',
      shopTimezone: 'Asia/Shanghai',
    });
  });

  it('refuses to start without an identity provider, naming each missing variable', () => {
    const error = configError({}, {});
    expect(error.variables.sort()).toEqual(['AUTH_AUDIENCE', 'AUTH_ISSUER', 'AUTH_JWKS_URL']);
    expect(error.message).toContain('AUTH_ISSUER is required (not set)');
  });

  it('reads and converts valid values, ignoring unrelated variables', () => {
    const config = parse({
      PATH: '/usr/bin',
      SERVICE_NAME: 'orders-canary',
      HTTP_PORT: '0',
      GRPC_PORT: ' 6000 ',
      DATABASE_URL: 'postgresql://app:pw@db:5432/orders_test',
      NATS_URL: 'nats://a:4222, nats://b:4222',
      MIGRATE_ON_START: 'FALSE',
      LOG_LEVEL: 'debug',
      SUBJECT_PREFIX: 't42.',
      SHUTDOWN_GRACE_MS: '0',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      SHOP_TIMEZONE: 'Europe/Berlin',
    });
    expect(config).toMatchObject({
      serviceName: 'orders-canary',
      httpPort: 0,
      grpcPort: 6000,
      databaseUrl: 'postgresql://app:pw@db:5432/orders_test',
      natsUrl: 'nats://a:4222,nats://b:4222',
      natsServers: ['nats://a:4222', 'nats://b:4222'],
      migrateOnStart: false,
      logLevel: 'debug',
      subjectPrefix: 't42.',
      shutdownGraceMs: 0,
      otelExporterOtlpEndpoint: 'http://collector:4318',
      shopTimezone: 'Europe/Berlin',
    });
    expect(config).not.toHaveProperty('path');
  });

  it.each([
    ['MIGRATE_ON_START', '0', 'migrateOnStart', false],
    ['MIGRATE_ON_START', '1', 'migrateOnStart', true],
    ['LOG_LEVEL', 'WARN', 'logLevel', 'warn'],
    ['HTTP_PORT', '', 'httpPort', 3010], // empty means unset: the default, not an error
  ] as const)('%s=%j gives %s=%j', (variable, value, key, expected) => {
    expect(parse({ [variable]: value })[key]).toBe(expected);
  });

  it.each([
    ['HTTP_PORT', 'abc', 'HTTP_PORT must be an integer 0..65535 (got "abc")'],
    ['HTTP_PORT', '65536', 'HTTP_PORT must be an integer 0..65535 (got "65536")'],
    ['GRPC_PORT', '1e3', 'GRPC_PORT must be an integer 0..65535 (got "1e3")'],
    ['GRPC_PORT', '80.5', 'GRPC_PORT must be an integer 0..65535 (got "80.5")'],
    [
      'DATABASE_URL',
      'mysql://db/orders',
      'DATABASE_URL must be a postgres:// or postgresql:// URL with a database name',
    ],
    [
      'DATABASE_URL',
      'postgres://db:5432',
      'DATABASE_URL must be a postgres:// or postgresql:// URL with a database name',
    ],
    ['NATS_URL', 'nats://a:4222,http://b', 'NATS_URL must be a nats:// URL or a comma-separated list of them'],
    ['MIGRATE_ON_START', 'yes', 'MIGRATE_ON_START must be one of true|false|1|0 (got "yes")'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL must be one of trace|debug|info|warn|error|fatal (got "loud")'],
    ['SUBJECT_PREFIX', 'a.>', 'SUBJECT_PREFIX must be a NATS subject prefix'],
    ['SHUTDOWN_GRACE_MS', '-1', 'SHUTDOWN_GRACE_MS must be an integer >= 0 (got "-1")'],
    ['DB_POOL_MAX', '0', 'DB_POOL_MAX must be an integer 1..1000 (got "0")'],
    ['DB_ACQUIRE_TIMEOUT_MS', '5s', 'DB_ACQUIRE_TIMEOUT_MS must be an integer >= 0 (got "5s")'],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'collector:4318', 'OTEL_EXPORTER_OTLP_ENDPOINT must be a http:// or https:// URL'],
    ['SHOP_TIMEZONE', 'Mars/Olympus_Mons', 'SHOP_TIMEZONE must be an IANA time zone'],
    ['AUTH_JWKS_URL', 'file:///etc/keys.json', 'AUTH_JWKS_URL must be a http:// or https:// URL'],
    ['AUTH_CLOCK_SKEW_SECONDS', '3600', 'AUTH_CLOCK_SKEW_SECONDS must be an integer 0..300'],
    ['MAX_REQUEST_BYTES', '10', 'MAX_REQUEST_BYTES must be an integer 1024..67108864'],
    ['CORS_ORIGINS', '*', 'CORS_ORIGINS must be a comma-separated list of http(s) origins'],
    ['CORS_ORIGINS', 'https://a.example/path', 'CORS_ORIGINS must be a comma-separated list of http(s) origins'],
  ])('rejects %s=%j naming the variable', (variable, value, message) => {
    const error = configError({ [variable]: value });
    expect(error.variables).toEqual([variable]);
    expect(error.message).toContain(`invalid configuration: ${message}`);
  });

  it('names every bad variable in one message', () => {
    const error = configError({ HTTP_PORT: 'abc', LOG_LEVEL: 'loud', GRPC_PORT: '50061', SHOP_TIMEZONE: 'Nowhere' });
    expect(error.variables.sort()).toEqual(['HTTP_PORT', 'LOG_LEVEL', 'SHOP_TIMEZONE']);
    expect(error.message.split('\n')).toHaveLength(1);
    for (const variable of error.variables) expect(error.message).toContain(`${variable} must be`);
  });

  it('does not echo the password of a malformed database URL', () => {
    const error = configError({ DATABASE_URL: 'mysql://app:s3cret@db/orders' });
    expect(error.message).toContain('(got "mysql://app:***@db/orders")');
    expect(error.message).not.toContain('s3cret');
  });
});
