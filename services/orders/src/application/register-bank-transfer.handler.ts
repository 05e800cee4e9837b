import { Outbox } from '@cs/bus';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type {
  RegisterBankTransferRequest,
  RegisterBankTransferResponse,
} from '@cs/contracts/cs/orders/v1/bank_transfers_service';
import { AlreadyExists, Violations } from '@cs/errors';
import { transactionWithRetry } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { BankTransfer } from '../domain/bank-transfer.entity.js';
import { checkTimestamp } from './change-request.validator.js';
import { matchTransfer } from './match-transfer.js';
import { bankTransferView, fromTimestamp, orderView } from './order.view.js';

const currencyPattern = /^[A-Z]{3}$/;

/**
 * 银行转账明细: a transfer goes into the ledger; with its order it is matched at once. `actor` is who
 * registers it (a clerk, or the bank feed's service identity), from their token.
 */
@Injectable()
export class RegisterBankTransferHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: RegisterBankTransferRequest, actor: AgentRef): Promise<RegisterBankTransferResponse> {
    const violations = new Violations()
      .require('payer_name', request.payerName)
      .require('reference', request.reference, 'is required: the bank reference identifies the transfer');
    if (!request.amount) violations.add('amount', 'is required');
    else {
      if (!Number.isSafeInteger(request.amount.amountMinor) || request.amount.amountMinor <= 0)
        violations.add('amount.amount_minor', 'must be a positive whole number of minor units');
      if (!currencyPattern.test(request.amount.currency))
        violations.add('amount.currency', 'must be an ISO 4217 code such as CNY');
    }
    checkTimestamp('transferred_at', request.transferredAt, violations);
    if (request.reference && request.reference.length > 100)
      violations.add('reference', 'must be at most 100 characters');
    if (request.payerName && request.payerName.length > 200)
      violations.add('payer_name', 'must be at most 200 characters');
    violations.throwIfAny();
    const facts = {
      payerName: request.payerName,
      amount: request.amount!,
      transferredAt: fromTimestamp(request.transferredAt!),
      reference: request.reference,
    };
    return transactionWithRetry(this.orm, async (em) => {
      let transfer = await em.findOne(BankTransfer, { reference: request.reference });
      if (transfer && !transfer.sameFactsAs(facts)) {
        throw new AlreadyExists(`a different transfer with reference ${request.reference} is already registered`);
      }
      if (!transfer) {
        transfer = BankTransfer.register(facts, actor, new Date());
        em.persist(transfer);
        await em.flush();
        await Outbox.add(
          em,
          'cs.orders.bank_transfer.registered',
          { transfer: bankTransferView(transfer), transferVersion: transfer.version },
          { aggregateId: transfer.id, aggregateVersion: transfer.version },
        );
      }
      if (!request.orderId) return { transfer: bankTransferView(transfer) };
      const order = await matchTransfer(em, transfer, request.orderId);
      return { transfer: bankTransferView(transfer), order: orderView(order) };
    });
  }
}
