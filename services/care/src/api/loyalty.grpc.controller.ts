import { actorOf } from '@cs/auth';
import {
  type AdjustPointsRequest,
  type AdjustPointsResponse,
  type GetLoyaltyAccountRequest,
  type GetLoyaltyAccountResponse,
  type ListPointsLedgerRequest,
  type ListPointsLedgerResponse,
  type LoyaltyServiceController,
  LoyaltyServiceControllerMethods,
} from '@cs/contracts/cs/care/v1/loyalty_service';
import { withIdempotencyKey } from '@cs/grpc';
import type { Metadata } from '@grpc/grpc-js';
import { Controller } from '@nestjs/common';
import { AdjustPointsHandler } from '../application/adjust-points.handler.js';
import { GetLoyaltyAccountHandler } from '../application/get-loyalty-account.handler.js';
import { ListPointsLedgerHandler } from '../application/list-points-ledger.handler.js';

/** cs.care.v1.LoyaltyService: translation only. */
@Controller()
@LoyaltyServiceControllerMethods()
export class LoyaltyGrpcController implements LoyaltyServiceController {
  constructor(
    private readonly getAccount: GetLoyaltyAccountHandler,
    private readonly listLedger: ListPointsLedgerHandler,
    private readonly adjust: AdjustPointsHandler,
  ) {}

  getLoyaltyAccount(request: GetLoyaltyAccountRequest): Promise<GetLoyaltyAccountResponse> {
    return this.getAccount.execute(request);
  }

  listPointsLedger(request: ListPointsLedgerRequest): Promise<ListPointsLedgerResponse> {
    return this.listLedger.execute(request);
  }

  adjustPoints(request: AdjustPointsRequest, metadata: Metadata): Promise<AdjustPointsResponse> {
    return this.adjust.execute(withIdempotencyKey(request, metadata), actorOf(metadata));
  }
}
