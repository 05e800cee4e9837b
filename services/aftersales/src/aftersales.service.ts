import type { ServiceSpec } from '@cs/service-kit';
import { AftersalesModule } from './aftersales.module.js';
import { aftersalesMigrations } from './migrations/index.js';

/** After-sales and tracking (售后, 查件): cases, returns, refunds, parcel problems. */
export const aftersalesService: ServiceSpec = {
  name: 'aftersales',
  httpPort: 3003,
  grpcPort: 50053,
  module: AftersalesModule,
  entities: [],
  migrations: aftersalesMigrations,
  grpc: { protoFiles: [], services: [] },
};
