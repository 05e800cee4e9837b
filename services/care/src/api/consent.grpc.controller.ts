import {
  type ConsentServiceController,
  ConsentServiceControllerMethods,
  type GetConsentRequest,
  type GetConsentResponse,
  type OptOutRequest,
  type OptOutResponse,
  type RecordConsentRequest,
  type RecordConsentResponse,
} from '@cs/contracts/cs/care/v1/campaigns_service';
import { withIdempotencyKey } from '@cs/grpc';
import type { Metadata } from '@grpc/grpc-js';
import { Controller } from '@nestjs/common';
import { GetConsentHandler } from '../application/get-consent.handler.js';
import { OptOutHandler } from '../application/opt-out.handler.js';
import { RecordConsentHandler } from '../application/record-consent.handler.js';

/** cs.care.v1.ConsentService: translation only. */
@Controller()
@ConsentServiceControllerMethods()
export class ConsentGrpcController implements ConsentServiceController {
  constructor(
    private readonly recordConsentHandler: RecordConsentHandler,
    private readonly optOutHandler: OptOutHandler,
    private readonly getConsentHandler: GetConsentHandler,
  ) {}

  recordConsent(request: RecordConsentRequest, metadata?: Metadata): Promise<RecordConsentResponse> {
    return this.recordConsentHandler.execute(withIdempotencyKey(request, metadata));
  }

  optOut(request: OptOutRequest): Promise<OptOutResponse> {
    return this.optOutHandler.execute(request);
  }

  getConsent(request: GetConsentRequest): Promise<GetConsentResponse> {
    return this.getConsentHandler.execute(request);
  }
}
