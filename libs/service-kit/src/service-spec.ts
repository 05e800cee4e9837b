import type { PlatformConfig, parseConfig, ServiceDefaults } from '@cs/config';
import type { MigrationObject } from '@mikro-orm/core';
import type { EntitySchema } from '@mikro-orm/postgresql';
import type { DynamicModule } from '@nestjs/common';
import type { GeneratedService } from './generated-service.js';

/** Everything that makes one of the six services different from the others; the rest is shared. */
export interface ServiceSpec {
  /** Short name: orders, inquiry, … Names the database (cs_<name>), the stream (CS_<NAME>) and durable consumers. */
  name: string;
  httpPort: number;
  grpcPort: number;
  /** The service's own Nest module (controllers, use cases, repositories). */
  module: DynamicModule | (new (...args: never[]) => unknown);
  entities: EntitySchema[];
  migrations: MigrationObject[];
  /** The gRPC services it serves: their generated definitions (e.g. OrdersServiceDefinition from @cs/contracts). */
  grpc: { services: GeneratedService[] };
  /**
   * The service's own environment schema, when it reads variables of its own: spread
   * `platformEnvShape(defaults)` into it and keep `natsServers`. Injected as CONFIG. Default:
   * `platformConfigSchema`.
   */
  configSchema?: (defaults: ServiceDefaults) => Parameters<typeof parseConfig<PlatformConfig>>[0];
}

/** Every producing service; each gets its stream so consumers can attach before the producer first starts. */
export const platformServices = ['inquiry', 'orders', 'aftersales', 'complaints', 'care', 'knowledge'] as const;
