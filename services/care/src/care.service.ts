import type { ServiceSpec } from '@cs/service-kit';
import { careMigrations } from './migrations/index.js';
import { CareModule } from './care.module.js';

/** Customer care (客户关怀): profiles, revisits, surveys, loyalty. */
export const careService: ServiceSpec = {
  name: 'care',
  httpPort: 3005,
  grpcPort: 50055,
  module: CareModule,
  entities: [],
  migrations: careMigrations,
  grpc: { protoFiles: [], services: [] },
};
