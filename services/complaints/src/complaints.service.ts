import type { ServiceSpec } from '@cs/service-kit';
import { ComplaintsModule } from './complaints.module.js';
import { complaintsMigrations } from './migrations/index.js';

/** Complaint handling (投诉处理): from intake to revisit and archive. */
export const complaintsService: ServiceSpec = {
  name: 'complaints',
  httpPort: 3004,
  grpcPort: 50054,
  module: ComplaintsModule,
  entities: [],
  migrations: complaintsMigrations,
  grpc: { protoFiles: [], services: [] },
};
