import { agentRefOf } from '@cs/auth';
import {
  type BankTransfersServiceController,
  BankTransfersServiceControllerMethods,
  type ListUnmatchedBankTransfersRequest,
  type ListUnmatchedBankTransfersResponse,
  type MatchBankTransferRequest,
  type MatchBankTransferResponse,
  type RegisterBankTransferRequest,
  type RegisterBankTransferResponse,
} from '@cs/contracts/cs/orders/v1/bank_transfers_service';
import type { Metadata } from '@grpc/grpc-js';
import { Controller } from '@nestjs/common';
import { ListUnmatchedBankTransfersHandler } from '../application/list-unmatched-bank-transfers.handler.js';
import { MatchBankTransferHandler } from '../application/match-bank-transfer.handler.js';
import { RegisterBankTransferHandler } from '../application/register-bank-transfer.handler.js';

/**
 * cs.orders.v1.BankTransfersService: the bank-transfer ledger. The token's person registers; who
 * matches is in the audit trail (the ledger line keeps only who registered it).
 */
@Controller()
@BankTransfersServiceControllerMethods()
export class BankTransfersGrpcController implements BankTransfersServiceController {
  constructor(
    private readonly registerBankTransferHandler: RegisterBankTransferHandler,
    private readonly listUnmatchedBankTransfersHandler: ListUnmatchedBankTransfersHandler,
    private readonly matchBankTransferHandler: MatchBankTransferHandler,
  ) {}

  registerBankTransfer(
    request: RegisterBankTransferRequest,
    metadata?: Metadata,
  ): Promise<RegisterBankTransferResponse> {
    return this.registerBankTransferHandler.execute(request, agentRefOf(metadata));
  }

  listUnmatchedBankTransfers(request: ListUnmatchedBankTransfersRequest): Promise<ListUnmatchedBankTransfersResponse> {
    return this.listUnmatchedBankTransfersHandler.execute(request);
  }

  matchBankTransfer(request: MatchBankTransferRequest): Promise<MatchBankTransferResponse> {
    return this.matchBankTransferHandler.execute(request);
  }
}
