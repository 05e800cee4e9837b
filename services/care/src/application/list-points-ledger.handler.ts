import type {
  ListPointsLedgerRequest,
  ListPointsLedgerResponse,
  PointsMovement,
} from '@cs/contracts/cs/care/v1/loyalty_service';
import { Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { LoyaltyStore, type PointsMovementRow } from '../infrastructure/loyalty.store.js';
import { checkCustomerId } from './field-checks.js';
import { keysetToken, readKeysetPage } from './keyset-page.js';
import { toTimestamp } from './timestamps.js';

export const movementToProto = (row: PointsMovementRow): PointsMovement => ({
  entryId: row.entryId,
  delta: row.delta,
  reason: row.reason,
  sourceKey: row.sourceKey,
  balanceAfter: row.balanceAfter,
  occurredAt: toTimestamp(row.occurredAt),
});

@Injectable()
export class ListPointsLedgerHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly loyalty: LoyaltyStore,
  ) {}

  async execute(request: ListPointsLedgerRequest): Promise<ListPointsLedgerResponse> {
    const violations = new Violations();
    checkCustomerId(violations, 'customer_id', request.customerId);
    const page = readKeysetPage(request.page, violations);
    violations.throwIfAny();
    const rows = await this.loyalty.page(this.orm.em.fork(), request.customerId, page.size + 1, page.after);
    const movements = rows.slice(0, page.size);
    const last = movements.at(-1);
    return {
      movements: movements.map(movementToProto),
      page: { nextPageToken: keysetToken(last && { at: last.occurredAt, id: last.entryId }, rows.length > page.size) },
    };
  }
}
