import 'reflect-metadata';
import { AuditTrail, auditGrpcService, createAuditPool } from '@cs/audit';
import { AccessPolicy, JwksTokenVerifier, ServiceTokenSource, type TokenVerifier } from '@cs/auth';
import { BusHealthMonitor, connectBus, ensureStreams, JetStreamServer, MessagingRetention, OutboxRelay } from '@cs/bus';
import { type PlatformConfig, parseConfig, platformConfigSchema } from '@cs/config';
import type { ServiceName } from '@cs/contracts';
import { type HealthStatuses, setServing } from '@cs/grpc';
import {
  ensureDatabaseExists,
  migrate,
  ORM_APPLICATION_NAME,
  openDatabase,
  poolSettingsFrom,
  redactUrl,
} from '@cs/persistence';
import { createLogger, initMetrics, NestPinoLogger } from '@cs/telemetry';
import type { Server as GrpcServer } from '@grpc/grpc-js';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { NatsConnection } from '@nats-io/transport-node';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from 'pino';
import { freePort } from './free-port.js';
import { GrpcGateway } from './gateway.js';
import { drainGrpc, HttpDrain, shutdownBudget, within } from './graceful-shutdown.js';
import { grpcServerOptions } from './grpc-server-options.js';
import { PlatformModule } from './platform.module.js';
import { PlatformExceptionFilter } from './platform-exception.filter.js';
import { Readiness } from './readiness.js';
import { readinessMetrics } from './readiness.metrics.js';
import { httpRequestMetrics } from './request-metrics.js';
import { platformServices, type ServiceSpec } from './service-spec.js';
import { rejectInvalidUtf8 } from './strict-json-body.js';

export interface RunningService {
  config: PlatformConfig;
  logger: Logger;
  orm: MikroORM;
  nc: NatsConnection;
  app: NestExpressApplication;
  httpUrl: string;
  grpcAddress: string;
  /** Full names of the gRPC services this process serves. */
  servedGrpcServices: string[];
  /** Stops taking work, drains in-flight requests and messages, then closes connections. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Replaces the JWKS verifier; the auth benchmark uses it to measure what verification costs. */
  verifier?: TokenVerifier;
}

/** Boots one service: config, database + migrations, NATS streams, HTTP, gRPC, event consumers, outbox relay. */
export async function startService(
  spec: ServiceSpec,
  env: NodeJS.ProcessEnv = process.env,
  options: StartOptions = {},
): Promise<RunningService> {
  const config = parseConfig(spec.configSchema?.(spec) ?? platformConfigSchema(spec), env);
  const logger = createLogger(config.serviceName, config.logLevel);
  initMetrics(config.serviceName);
  if (config.migrateOnStart && (await ensureDatabaseExists(config.databaseUrl))) {
    logger.info({ database: redactUrl(config.databaseUrl) }, 'created database');
  }
  const orm = await openDatabase({
    url: config.databaseUrl,
    entities: spec.entities,
    migrations: spec.migrations,
    pool: poolSettingsFrom(config, ORM_APPLICATION_NAME),
  });
  if (config.migrateOnStart) {
    const applied = await migrate(orm);
    if (applied.length) logger.info({ applied }, 'applied migrations');
  }
  const nc = await connectBus({
    natsUrl: config.natsUrl,
    serviceName: config.serviceName,
    subjectPrefix: config.subjectPrefix,
    user: config.natsUser,
    password: config.natsPassword,
    logger,
  });
  await ensureStreams(nc, {
    producers: [...platformServices],
    subjectPrefix: config.subjectPrefix,
    replicas: config.busStreamReplicas,
  });

  // Every service also serves its own audit trail (cs.audit.v1.AuditService) to platform admins.
  const grpcDefinitions = [...spec.grpc.services, auditGrpcService];
  const grpcServices = grpcDefinitions.map((service) => service.fullName) as ServiceName[];
  const grpcPort = config.grpcPort || (await freePort());
  const grpcAddress = `127.0.0.1:${grpcPort}`;
  const readiness = new Readiness(orm, new BusHealthMonitor(nc, { timeoutMs: config.natsPingTimeoutMs }));
  readinessMetrics.observe(readiness);
  const gateway = new GrpcGateway(grpcAddress, grpcDefinitions, config.maxRequestBytes);
  const accessPolicy = new AccessPolicy({
    verifier:
      options.verifier ??
      new JwksTokenVerifier({
        issuer: config.authIssuer,
        audience: config.authAudience,
        jwksUrl: config.authJwksUrl,
        clockSkewSeconds: config.authClockSkewSeconds,
        rolesClaim: config.authRolesClaim,
      }),
    services: grpcServices,
    intakeRatePerSecond: config.intakeRatePerSecond,
    intakeBurst: config.intakeBurst,
  });
  const serviceToken =
    config.authTokenUrl && config.authClientSecret
      ? new ServiceTokenSource({
          tokenUrl: config.authTokenUrl,
          clientId: config.authClientId ?? `service:${spec.name}`,
          clientSecret: config.authClientSecret,
        })
      : undefined;

  const auditPool = createAuditPool(config.databaseUrl, poolSettingsFrom(config));
  const auditTrail = new AuditTrail(auditPool, config.serviceName);

  @Module({
    imports: [
      PlatformModule.forRoot({ config, logger, orm, nc, readiness, gateway, accessPolicy, serviceToken, auditTrail }),
      spec.module,
    ],
  })
  class ServiceRootModule {}

  const app = await NestFactory.create<NestExpressApplication>(ServiceRootModule, {
    logger: new NestPinoLogger(logger),
    bodyParser: false,
  });
  // First, so that once draining starts no request reaches a route (see HttpDrain).
  const httpDrain = new HttpDrain();
  app.use(httpDrain.middleware);
  app.use(httpRequestMetrics((service, method) => gateway.serves(service, method)));
  app.useBodyParser('json', { limit: config.maxRequestBytes, verify: rejectInvalidUtf8 });
  // Closed unless the shop names the console origins that may call from a browser.
  if (config.corsOrigins) app.enableCors({ origin: config.corsOrigins.split(',').map((o) => o.trim()) });
  app.useGlobalFilters(new PlatformExceptionFilter((error) => logger.error({ err: error }, 'unexpected error')));
  let health: HealthStatuses | undefined;
  let grpcServer: GrpcServer | undefined;
  // Nest registers a connected microservice's listeners at once, so it inherits the filter set above.
  app.connectMicroservice(
    grpcServerOptions(
      grpcPort,
      grpcDefinitions,
      config.maxRequestBytes,
      (server, h) => {
        grpcServer = server;
        health = h;
      },
      (method, error) => logger.error({ err: error, method }, 'response does not fit its message; answered INTERNAL'),
      config.bindHost,
    ),
    { inheritAppConfig: true },
  );
  const consumers = new JetStreamServer({
    nc,
    serviceName: config.serviceName,
    orm,
    subjectPrefix: config.subjectPrefix,
    inboxRetentionMs: config.inboxRetentionHours * 3_600_000,
    logger,
  });
  app.connectMicroservice({ strategy: consumers });
  await app.startAllMicroservices();
  await app.listen(config.httpPort, config.bindHost);
  const address = app.getHttpServer().address();
  const httpUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : config.httpPort}`;

  const relay = new OutboxRelay({
    databaseUrl: config.databaseUrl,
    database: poolSettingsFrom(config),
    nc,
    source: `/cs/${spec.name}`,
    subjectPrefix: config.subjectPrefix,
    logger,
  });
  await relay.start();
  // Purges published outbox rows, old inbox rows and idempotency keys; one replica at a time (README, Events).
  const hours = (n: number) => n * 3_600_000;
  const retention = new MessagingRetention(
    orm,
    {
      outboxMs: hours(config.outboxRetentionHours),
      inboxMs: hours(config.inboxRetentionHours),
      idempotencyMs: hours(config.idempotencyRetentionHours),
    },
    logger,
  );
  retention.start();
  if (health) setServing(health, grpcServices, true);
  logger.info({ http: httpUrl, grpc: grpcAddress }, `${spec.name} ready`);

  let stopping: Promise<void> | undefined;
  // The order matters: the HTTP mirror calls the gRPC server, handlers publish through the outbox
  // the relay reads, and everything needs the database and NATS until the end (README: Readiness
  // and shutdown).
  const stop = () => {
    stopping ??= (async () => {
      const started = Date.now();
      const budget = shutdownBudget(config.shutdownGraceMs);
      const phases: Record<string, string> = {};
      readiness.startDraining();
      if (health) setServing(health, grpcServices, false);
      phases.http = await httpDrain.drain(app.getHttpServer(), budget.httpMs);
      if (grpcServer) phases.grpc = await drainGrpc(grpcServer, budget.grpcMs);
      phases.consumers = await within(consumers.close(), budget.consumersMs);
      phases.relay = await within(relay.stop(), budget.relayMs);
      await retention.stop();
      await app.close(); // the modules' own shutdown hooks; the servers above are already closed
      gateway.close();
      // An absent broker would hold drain() until the watchdog; unacked messages are redelivered anyway.
      phases.nats = await within(
        nc.drain().catch(() => {}),
        budget.natsMs,
      );
      readinessMetrics.forget(readiness);
      await auditPool.end();
      await orm.close();
      logger.info({ ...phases, tookMs: Date.now() - started }, `${spec.name} stopped`);
    })();
    return stopping;
  };
  return { config, logger, orm, nc, app, httpUrl, grpcAddress, servedGrpcServices: [...grpcServices], stop };
}
