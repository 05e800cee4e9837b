import type { ServiceTokenSource } from '@cs/auth';
import { ComplaintNature, ComplaintSource, Severity } from '@cs/contracts/cs/complaints/v1/complaint';
import { ComplaintsServiceService } from '@cs/contracts/cs/complaints/v1/complaints_service';
import { createGrpcClient, type PromiseClient } from '@cs/grpc';
import { CONFIG, SERVICE_TOKEN } from '@cs/service-kit';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { CareConfig } from '../care.config.js';

export interface NewComplaint {
  revisitId: string;
  customerId: string;
  description: string;
  orderId: string;
}

/**
 * The complaint desk's gRPC client (COMPLAINTS_GRPC_ADDRESS), called with care's own service token:
 * a revisit that finds a new problem opens a complaint (source DIRECT, referencing the revisit).
 */
@Injectable()
export class ComplaintsClient implements OnModuleDestroy {
  private readonly complaints: PromiseClient<typeof ComplaintsServiceService>;

  constructor(@Inject(CONFIG) config: CareConfig, @Inject(SERVICE_TOKEN) serviceToken: ServiceTokenSource | undefined) {
    this.complaints = createGrpcClient(ComplaintsServiceService, config.complaintsGrpcAddress, {
      bearer: () =>
        serviceToken?.token() ??
        Promise.reject(
          new Error('care has no service token for complaints: set AUTH_TOKEN_URL and AUTH_CLIENT_SECRET'),
        ),
    });
  }

  /** Opens the complaint; the revisit's id keys it, so a retry opens nothing more. Returns its id. */
  async open(complaint: NewComplaint): Promise<string> {
    const response = await this.complaints.openComplaint({
      source: ComplaintSource.COMPLAINT_SOURCE_DIRECT,
      sourceReference: `revisit:${complaint.revisitId}`,
      customer: { customerId: complaint.customerId, displayName: '' },
      conversationId: '',
      orderIds: complaint.orderId ? [complaint.orderId] : [],
      skus: [],
      description: complaint.description,
      remedySought: '',
      // The complaint desk classifies it on verification.
      claimedNature: ComplaintNature.COMPLAINT_NATURE_UNSPECIFIED,
      severity: Severity.SEVERITY_UNSPECIFIED,
      idempotencyKey: `care-revisit-${complaint.revisitId}`,
    });
    return response.complaint?.complaintId ?? '';
  }

  onModuleDestroy(): void {
    this.complaints.close();
  }
}
