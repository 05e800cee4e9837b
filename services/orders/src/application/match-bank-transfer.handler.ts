import type {
  MatchBankTransferRequest,
  MatchBankTransferResponse,
} from '@cs/contracts/cs/orders/v1/bank_transfers_service';
import { NotFound, Violations } from '@cs/errors';
import { transactionWithRetry } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { BankTransfer } from '../domain/bank-transfer.entity.js';
import { matchTransfer } from './match-transfer.js';
import { bankTransferView, orderView } from './order.view.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Tracks a registered transfer to its order (跟踪订单): the order becomes paid. */
@Injectable()
export class MatchBankTransferHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: MatchBankTransferRequest): Promise<MatchBankTransferResponse> {
    const violations = new Violations().require('transfer_id', request.transferId).require('order_id', request.orderId);
    if (request.transferId && !uuidPattern.test(request.transferId))
      violations.add('transfer_id', 'must be a transfer id returned by RegisterBankTransfer');
    violations.throwIfAny();
    return transactionWithRetry(this.orm, async (em) => {
      const transfer = await em.findOne(BankTransfer, { id: request.transferId });
      if (!transfer) throw new NotFound('bank transfer', request.transferId);
      const order = await matchTransfer(em, transfer, request.orderId);
      return { transfer: bankTransferView(transfer), order: orderView(order) };
    });
  }
}
