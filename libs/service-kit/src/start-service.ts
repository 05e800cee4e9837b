import 'reflect-metadata';
import { auditGrpc } from '@cs/audit';
import { AccessPolicy, JwksTokenVerifier, ServiceTokenSource, type TokenVerifier } from '@cs/auth';
import { connectBus, ensureStreams, JetStreamServer, OutboxRelay } from '@cs/bus';
import { type PlatformConfig, parseConfig, platformConfigSchema } from '@cs/config';
import type { ServiceName } from '@cs/contracts';
import { setServing } from '@cs/grpc';
import { ensureDatabaseExists, migrate, openDatabase, redactUrl } from '@cs/persistence';
import { createLogger, initMetrics, NestPinoLogger } from '@cs/telemetry';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { NatsConnection } from '@nats-io/transport-node';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { HealthImplementation } from 'grpc-health-check';
import type { Logger } from 'pino';
import { freePort } from './free-port.js';
import { GrpcGateway } from './gateway.js';
import { grpcServerOptions } from './grpc-server-options.js';
import { PlatformModule } from './platform.module.js';
import { PlatformExceptionFilter } from './platform-exception.filter.js';
import { Readiness } from './readiness.js';
import { platformServices, type ServiceSpec } from './service-spec.js';

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
  const orm = await openDatabase({ url: config.databaseUrl, entities: spec.entities, migrations: spec.migrations });
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
  });
  await ensureStreams(nc, {
    producers: [...platformServices],
    subjectPrefix: config.subjectPrefix,
    replicas: config.busStreamReplicas,
  });

  // Every service also serves its own audit trail (cs.audit.v1.AuditService) to platform admins.
  const grpcServices: ServiceName[] = [...spec.grpc.services, auditGrpc.service];
  const protoFiles = [...spec.grpc.protoFiles, auditGrpc.protoFile];
  const grpcPort = config.grpcPort || (await freePort());
  const grpcAddress = `127.0.0.1:${grpcPort}`;
  const readiness = new Readiness(orm, nc);
  const gateway = new GrpcGateway(grpcAddress, grpcServices, config.maxRequestBytes);
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

  @Module({
    imports: [
      PlatformModule.forRoot({ config, logger, orm, nc, readiness, gateway, accessPolicy, serviceToken }),
      spec.module,
    ],
  })
  class ServiceRootModule {}

  const app = await NestFactory.create<NestExpressApplication>(ServiceRootModule, {
    logger: new NestPinoLogger(logger),
    bodyParser: false,
  });
  app.useBodyParser('json', { limit: config.maxRequestBytes });
  // Closed unless the shop names the console origins that may call from a browser.
  if (config.corsOrigins) app.enableCors({ origin: config.corsOrigins.split(',').map((o) => o.trim()) });
  app.useGlobalFilters(new PlatformExceptionFilter((error) => logger.error({ err: error }, 'unexpected error')));
  let health: HealthImplementation | undefined;
  // Nest registers a connected microservice's listeners at once, so it inherits the filter set above.
  app.connectMicroservice(
    grpcServerOptions(grpcPort, protoFiles, grpcServices, config.maxRequestBytes, (h) => {
      health = h;
    }),
    { inheritAppConfig: true },
  );
  app.connectMicroservice({
    strategy: new JetStreamServer({
      nc,
      serviceName: config.serviceName,
      orm,
      subjectPrefix: config.subjectPrefix,
      logger,
    }),
  });
  await app.startAllMicroservices();
  await app.listen(config.httpPort, '0.0.0.0');
  const address = app.getHttpServer().address();
  const httpUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : config.httpPort}`;

  const relay = new OutboxRelay({
    databaseUrl: config.databaseUrl,
    nc,
    source: `/cs/${spec.name}`,
    subjectPrefix: config.subjectPrefix,
    logger,
  });
  await relay.start();
  if (health) setServing(health, grpcServices, true);
  logger.info({ http: httpUrl, grpc: grpcAddress }, `${spec.name} ready`);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      readiness.startDraining();
      if (health) setServing(health, grpcServices, false);
      await app.close();
      await relay.stop();
      gateway.close();
      await nc.drain().catch(() => {});
      await orm.close();
      logger.info(`${spec.name} stopped`);
    })();
    return stopping;
  };
  return { config, logger, orm, nc, app, httpUrl, grpcAddress, servedGrpcServices: [...grpcServices], stop };
}
