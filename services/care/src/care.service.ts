import { CustomersServiceDefinition } from '@cs/contracts/cs/care/v1/customers_service';
import { LoyaltyServiceDefinition } from '@cs/contracts/cs/care/v1/loyalty_service';
import { PrivacyServiceDefinition } from '@cs/contracts/cs/care/v1/privacy_service';
import { RevisitsServiceDefinition } from '@cs/contracts/cs/care/v1/revisits_service';
import { SurveysServiceDefinition } from '@cs/contracts/cs/care/v1/surveys_service';
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
    services: [
      PrivacyServiceDefinition,
      CustomersServiceDefinition,
      LoyaltyServiceDefinition,
      RevisitsServiceDefinition,
      SurveysServiceDefinition,
      ...campaignsGrpc.services,
    ],
  },
};
