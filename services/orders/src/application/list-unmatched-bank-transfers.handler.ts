import type {
  ListUnmatchedBankTransfersRequest,
  ListUnmatchedBankTransfersResponse,
} from '@cs/contracts/cs/orders/v1/bank_transfers_service';
import { Violations } from '@cs/errors';
import { pageOf, readPage } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { BankTransfer } from '../domain/bank-transfer.entity.js';
import { bankTransferView } from './order.view.js';

/** Ledger lines not yet tracked to an order, oldest first. */
@Injectable()
export class ListUnmatchedBankTransfersHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: ListUnmatchedBankTransfersRequest): Promise<ListUnmatchedBankTransfersResponse> {
    const violations = new Violations();
    const page = readPage(request.page, violations);
    violations.throwIfAny();
    const rows = await this.orm.em
      .fork()
      .find(
        BankTransfer,
        { orderId: null },
        { orderBy: { registeredAt: 'asc', id: 'asc' }, limit: page.limit + 1, offset: page.offset },
      );
    const { items, page: next } = pageOf(rows, page);
    return { transfers: items.map(bankTransferView), page: next };
  }
}
