import { actorOf } from '@cs/auth';
import {
  type EraseCustomerRequest,
  type EraseCustomerResponse,
  type PrivacyServiceController,
  PrivacyServiceControllerMethods,
} from '@cs/contracts/cs/care/v1/privacy_service';
import type { Metadata } from '@grpc/grpc-js';
import { Controller } from '@nestjs/common';
import { EraseCustomerHandler } from '../application/erase-customer.handler.js';

/** cs.care.v1.PrivacyService: customers' rights over their personal data. */
@Controller()
@PrivacyServiceControllerMethods()
export class PrivacyGrpcController implements PrivacyServiceController {
  constructor(private readonly eraseCustomerHandler: EraseCustomerHandler) {}

  eraseCustomer(request: EraseCustomerRequest, metadata: Metadata): Promise<EraseCustomerResponse> {
    return this.eraseCustomerHandler.execute(request, actorOf(metadata));
  }
}
