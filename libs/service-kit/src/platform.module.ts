import { AuditedAccessGuard, AuditGrpcController, AuditInterceptor, AuditTrail } from '@cs/audit';
import { ACCESS_POLICY, type AccessPolicy, PersonalDataInterceptor, type ServiceTokenSource } from '@cs/auth';
import type { PlatformConfig } from '@cs/config';
import { MikroORM } from '@mikro-orm/postgresql';
import type { NatsConnection } from '@nats-io/transport-node';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import type { Logger } from 'pino';
import { GATEWAY, GatewayController } from './gateway.controller.js';
import type { GrpcGateway } from './gateway.js';
import { HealthController } from './health.controller.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsInterceptor } from './metrics.interceptor.js';
import type { Readiness } from './readiness.js';
import { GrpcRequestMetricsInterceptor } from './request-metrics.js';
import { CONFIG, LOGGER, NATS, READINESS, SERVICE_TOKEN } from './tokens.js';

export interface PlatformRuntime {
  config: PlatformConfig;
  logger: Logger;
  orm: MikroORM;
  nc: NatsConnection;
  readiness: Readiness;
  gateway: GrpcGateway;
  accessPolicy: AccessPolicy;
  /** This service's own token for calls to other services; undefined when it has no client credentials. */
  serviceToken?: ServiceTokenSource;
  /** The trail of commands and personal-data reads in this service's own database (@cs/audit). */
  auditTrail: AuditTrail;
}

/** The shared runtime every service module can inject: configuration, logger, ORM, NATS. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(runtime: PlatformRuntime): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      controllers: [HealthController, MetricsController, GatewayController, AuditGrpcController],
      providers: [
        { provide: CONFIG, useValue: runtime.config },
        { provide: LOGGER, useValue: runtime.logger },
        { provide: MikroORM, useValue: runtime.orm },
        { provide: NATS, useValue: runtime.nc },
        { provide: READINESS, useValue: runtime.readiness },
        { provide: GATEWAY, useValue: runtime.gateway },
        { provide: ACCESS_POLICY, useValue: runtime.accessPolicy },
        { provide: SERVICE_TOKEN, useValue: runtime.serviceToken },
        { provide: AuditTrail, useValue: runtime.auditTrail },
        // The AccessGuard, recording the commands and personal-data reads it refuses.
        { provide: APP_GUARD, useClass: AuditedAccessGuard },
        { provide: APP_INTERCEPTOR, useClass: GrpcRequestMetricsInterceptor },
        { provide: APP_INTERCEPTOR, useClass: MetricsInterceptor },
        { provide: APP_INTERCEPTOR, useClass: PersonalDataInterceptor },
        { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
      ],
      exports: [CONFIG, LOGGER, MikroORM, NATS, ACCESS_POLICY, SERVICE_TOKEN],
    };
  }
}
