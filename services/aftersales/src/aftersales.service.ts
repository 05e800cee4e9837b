import { AftersalesServiceDefinition } from '@cs/contracts/cs/aftersales/v1/aftersales_service';
import { ReviewsServiceDefinition } from '@cs/contracts/cs/aftersales/v1/reviews_service';
import { TrackingServiceDefinition } from '@cs/contracts/cs/aftersales/v1/tracking_service';
import type { ServiceSpec } from '@cs/service-kit';
import { aftersalesConfigSchema } from './aftersales.config.js';
import { AftersalesModule } from './aftersales.module.js';
import { AftersalesCaseSchema } from './infrastructure/aftersales-case.schema.js';
import { ChaseTaskSchema } from './infrastructure/chase-task.schema.js';
import { DetailsChaseSchema } from './infrastructure/details-chase.schema.js';
import { ReviewSchema } from './infrastructure/review.schema.js';
import { ShipmentSchema } from './infrastructure/shipment.schema.js';
import { aftersalesMigrations } from './migrations/index.js';

/** After-sales and tracking (售后, 查件): cases, returns, refunds, parcel problems. */
export const aftersalesService: ServiceSpec = {
  name: 'aftersales',
  httpPort: 3003,
  grpcPort: 50053,
  module: AftersalesModule,
  entities: [AftersalesCaseSchema, ShipmentSchema, ReviewSchema, ChaseTaskSchema, DetailsChaseSchema],
  migrations: aftersalesMigrations,
  configSchema: aftersalesConfigSchema,
  grpc: {
    services: [AftersalesServiceDefinition, TrackingServiceDefinition, ReviewsServiceDefinition],
  },
};
