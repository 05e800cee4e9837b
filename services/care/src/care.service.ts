import type { ServiceSpec } from '@cs/service-kit';
import { campaignsGrpc } from './campaigns.providers.js';
import { careConfigSchema } from './care.config.js';
import { CareModule } from './care.module.js';
import { careMigrations } from './migrations/index.js';

/** Customer care (客户关怀): profiles, revisits, surveys, loyalty. */
export const careService: ServiceSpec = {
  name: 'care',
  httpPort: 3005,
  grpcPort: 50055,
  module: CareModule,
  entities: [],
  migrations: careMigrations,
  configSchema: careConfigSchema,
  grpc: {
    protoFiles: [
      'cs/care/v1/privacy_service.proto',
      'cs/care/v1/customers_service.proto',
      'cs/care/v1/loyalty_service.proto',
      'cs/care/v1/revisits_service.proto',
      'cs/care/v1/surveys_service.proto',
      ...campaignsGrpc.protoFiles,
    ],
    services: [
      'cs.care.v1.PrivacyService',
      'cs.care.v1.CustomersService',
      'cs.care.v1.LoyaltyService',
      'cs.care.v1.RevisitsService',
      'cs.care.v1.SurveysService',
      ...campaignsGrpc.services,
    ],
  },
};
