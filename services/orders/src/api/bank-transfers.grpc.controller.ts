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
import { Controller } from '@nestjs/common';
import { ListUnmatchedBankTransfersHandler } from '../application/list-unmatched-bank-transfers.handler.js';
import { MatchBankTransferHandler } from '../application/match-bank-transfer.handler.js';
import { RegisterBankTransferHandler } from '../application/register-bank-transfer.handler.js';

/** cs.orders.v1.BankTransfersService: the bank-transfer ledger. */
@Controller()
@BankTransfersServiceControllerMethods()
export class BankTransfersGrpcController implements BankTransfersServiceController {
  constructor(
    private readonly registerBankTransferHandler: RegisterBankTransferHandler,
    private readonly listUnmatchedBankTransfersHandler: ListUnmatchedBankTransfersHandler,
    private readonly matchBankTransferHandler: MatchBankTransferHandler,
  ) {}

  registerBankTransfer(request: RegisterBankTransferRequest): Promise<RegisterBankTransferResponse> {
    return this.registerBankTransferHandler.execute(request);
  }

  listUnmatchedBankTransfers(request: ListUnmatchedBankTransfersRequest): Promise<ListUnmatchedBankTransfersResponse> {
    return this.listUnmatchedBankTransfersHandler.execute(request);
  }

  matchBankTransfer(request: MatchBankTransferRequest): Promise<MatchBankTransferResponse> {
    return this.matchBankTransferHandler.execute(request);
  }
}
