import type { ServiceTokenSource } from '@cs/auth';
import { AftersalesServiceService } from '@cs/contracts/cs/aftersales/v1/aftersales_service';
import { type CaseKind, OriginSource, ParcelProblem } from '@cs/contracts/cs/aftersales/v1/case';
import { createGrpcClient, type PromiseClient } from '@cs/grpc';
import { CONFIG, SERVICE_TOKEN } from '@cs/service-kit';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { CareConfig } from '../care.config.js';

export interface NewCase {
  revisitId: string;
  customerId: string;
  orderId: string;
  kind: CaseKind;
  reason: string;
}

/**
 * After-sales' gRPC client (AFTERSALES_GRPC_ADDRESS), called with care's own service token: a revisit
 * that finds a new problem with an order opens a case there, its origin naming the revisit.
 */
@Injectable()
export class AftersalesClient implements OnModuleDestroy {
  private readonly cases: PromiseClient<typeof AftersalesServiceService>;

  constructor(@Inject(CONFIG) config: CareConfig, @Inject(SERVICE_TOKEN) serviceToken: ServiceTokenSource | undefined) {
    this.cases = createGrpcClient(AftersalesServiceService, config.aftersalesGrpcAddress, {
      bearer: () =>
        serviceToken?.token() ??
        Promise.reject(
          new Error('care has no service token for after-sales: set AUTH_TOKEN_URL and AUTH_CLIENT_SECRET'),
        ),
    });
  }

  /** Opens the case; the revisit's id keys it (idempotency key and origin), so a retry opens none more. */
  async open(request: NewCase): Promise<string> {
    const response = await this.cases.openCase({
      kind: request.kind,
      customer: { customerId: request.customerId, displayName: '' },
      orderId: request.orderId,
      origin: { source: OriginSource.ORIGIN_SOURCE_AGENT, reference: `revisit:${request.revisitId}` },
      reason: request.reason,
      qualityProblem: false,
      parcelProblem: ParcelProblem.PARCEL_PROBLEM_UNSPECIFIED,
      items: [],
      wantedItem: undefined,
      requestedAmount: undefined,
      extendReceiptDays: 0,
      redeliveryAddress: undefined,
      idempotencyKey: `care-revisit-${request.revisitId}`,
    });
    return response.case?.caseId ?? '';
  }

  onModuleDestroy(): void {
    this.cases.close();
  }
}
