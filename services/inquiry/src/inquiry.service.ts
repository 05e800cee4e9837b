import type { ServiceSpec } from '@cs/service-kit';
import { InquiryModule } from './inquiry.module.js';
import { inquiryMigrations } from './migrations/index.js';

/** The front line (前台/售前客服): conversations, routing, assignment, SLAs. */
export const inquiryService: ServiceSpec = {
  name: 'inquiry',
  httpPort: 3001,
  grpcPort: 50051,
  module: InquiryModule,
  entities: [],
  migrations: inquiryMigrations,
  grpc: { protoFiles: [], services: [] },
};
