import type {
  ListUnmatchedBankTransfersRequest,
  ListUnmatchedBankTransfersResponse,
} from '@cs/contracts/cs/orders/v1/bank_transfers_service';
import { Violations } from '@cs/errors';
import { keysetFilter, keysetPageOf, readKeysetPage } from '@cs/persistence';
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
    const page = readKeysetPage(request.page, violations, ['time', 'text']);
    violations.throwIfAny();
    const rows = await this.orm.em.fork().find(
      BankTransfer,
      {
        orderId: null,
        ...keysetFilter(
          [
            ['registeredAt', 'asc'],
            ['id', 'asc'],
          ],
          page.after,
        ),
      },
      { orderBy: { registeredAt: 'asc', id: 'asc' }, limit: page.limit + 1 },
    );
    const { items, page: next } = keysetPageOf(rows, page, (r) => [r.registeredAt, r.id]);
    return { transfers: items.map(bankTransferView), page: next };
  }
}
