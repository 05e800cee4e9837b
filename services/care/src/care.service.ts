import type { ServiceSpec } from '@cs/service-kit';
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
  grpc: { protoFiles: ['cs/care/v1/privacy_service.proto'], services: ['cs.care.v1.PrivacyService'] },
};
