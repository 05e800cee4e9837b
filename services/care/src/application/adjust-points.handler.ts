import type { Actor } from '@cs/auth';
import type { AdjustPointsRequest, AdjustPointsResponse } from '@cs/contracts/cs/care/v1/loyalty_service';
import { NotFound, Violations } from '@cs/errors';
import { runIdempotent } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { balanceAfterAdjustment } from '../domain/points.rule.js';
import { LoyaltyStore } from '../infrastructure/loyalty.store.js';
import { ProfileStore } from '../infrastructure/profile.store.js';
import { CustomerFiguresUpdater } from './customer-figures.updater.js';
import { checkCustomerId, checkLength } from './field-checks.js';
import { movementToProto } from './list-points-ledger.handler.js';
import { LoyaltyAccountReader } from './loyalty-account.reader.js';

/**
 * A manual points movement (goodwill, redemption), one ledger row per idempotency key. A movement
 * that would take the balance below zero is refused (rule points-balance-never-negative).
 */
@Injectable()
export class AdjustPointsHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly profiles: ProfileStore,
    private readonly loyalty: LoyaltyStore,
    private readonly figures: CustomerFiguresUpdater,
    private readonly accounts: LoyaltyAccountReader,
  ) {}

  execute(request: AdjustPointsRequest, actor: Actor): Promise<AdjustPointsResponse> {
    const violations = new Violations();
    checkCustomerId(violations, 'customer_id', request.customerId);
    if (!Number.isSafeInteger(request.delta) || request.delta === 0 || Math.abs(request.delta) > 1_000_000)
      violations.add('delta', 'must be non-zero, -1000000..1000000');
    checkLength(violations, 'reason', request.reason, 1, 200);
    violations.require('idempotency_key', request.idempotencyKey);
    violations.throwIfAny();
    return runIdempotent(this.orm, 'AdjustPoints', request, async (em) => {
      const profile = await this.profiles.lock(em, request.customerId);
      if (!profile) throw new NotFound('customer', request.customerId);
      const after = balanceAfterAdjustment(profile.pointsBalance, request.delta);
      if (!after.ok) {
        return {
          error: {
            rule: 'points-balance-never-negative',
            message: `the balance is ${profile.pointsBalance}: ${request.delta} would take it below zero`,
          },
        };
      }
      const now = new Date();
      const movement = await this.loyalty.move(em, request.customerId, {
        delta: request.delta,
        reason: `adjusted by ${actor.agentId}: ${request.reason.trim()}`,
        sourceKey: `adjustment:${request.customerId}:${request.idempotencyKey}`,
        balanceAfter: after.balance,
        at: now,
      });
      await this.profiles.setPointsBalance(em, request.customerId, after.balance);
      // Tiers by points move with the balance.
      await this.figures.update(em, request.customerId, now);
      const updated = await this.profiles.find(em, request.customerId);
      return {
        response: { movement: movementToProto(movement), account: await this.accounts.read(em, updated ?? profile) },
      };
    });
  }
}
