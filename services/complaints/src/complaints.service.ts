import { ComplaintsServiceDefinition } from '@cs/contracts/cs/complaints/v1/complaints_service';
import { IncidentsServiceDefinition } from '@cs/contracts/cs/complaints/v1/incidents_service';
import { ComplaintReportsServiceDefinition } from '@cs/contracts/cs/complaints/v1/reports_service';
import { RootCausesServiceDefinition } from '@cs/contracts/cs/complaints/v1/root_causes_service';
import type { ServiceSpec } from '@cs/service-kit';
import { complaintsConfigSchema } from './complaints.config.js';
import { ComplaintsModule } from './complaints.module.js';
import { ComplaintSchema } from './infrastructure/complaint.schema.js';
import { complaintsMigrations } from './migrations/index.js';

/** Complaint handling (投诉处理): from intake to revisit and archive. */
export const complaintsService: ServiceSpec = {
  name: 'complaints',
  httpPort: 3004,
  grpcPort: 50054,
  module: ComplaintsModule,
  entities: [ComplaintSchema],
  migrations: complaintsMigrations,
  configSchema: complaintsConfigSchema,
  grpc: {
    services: [
      ComplaintsServiceDefinition,
      IncidentsServiceDefinition,
      ComplaintReportsServiceDefinition,
      RootCausesServiceDefinition,
    ],
  },
};
