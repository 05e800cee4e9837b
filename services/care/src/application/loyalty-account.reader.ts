import { Tier } from '@cs/contracts/cs/care/v1/customer';
import type { LoyaltyAccount } from '@cs/contracts/cs/care/v1/loyalty_service';
import { CONFIG } from '@cs/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { CareConfig } from '../care.config.js';
import type { CustomerProfileRecord } from '../domain/customer-profile.js';
import { extraDiscountBp, nextTier } from '../domain/tier.rule.js';
import { LoyaltyStore } from '../infrastructure/loyalty.store.js';
import { tierPolicy } from './care-policy.js';
import { tierToProto } from './proto-mapping.js';
import { toTimestamp } from './timestamps.js';

/** A profile's loyalty view: tier, balance, 折上折 rate, the way to the next tier, coupons. */
@Injectable()
export class LoyaltyAccountReader {
  constructor(
    @Inject(CONFIG) private readonly config: CareConfig,
    private readonly loyalty: LoyaltyStore,
  ) {}

  async read(em: EntityManager, profile: CustomerProfileRecord): Promise<LoyaltyAccount> {
    const policy = tierPolicy(this.config);
    const next = nextTier(profile.totalSpendFen, profile.pointsBalance, policy);
    const coupons = await this.loyalty.coupons(em, profile.customerId);
    return {
      customerId: profile.customerId,
      tier: tierToProto[profile.tier],
      pointsBalance: profile.pointsBalance,
      totalSpend: { amountMinor: profile.totalSpendFen, currency: profile.currency },
      extraDiscountBp: extraDiscountBp(profile.tier, policy),
      nextTier: next ? tierToProto[next.tier] : Tier.TIER_UNSPECIFIED,
      neededForNextTier: next?.needed ?? 0,
      coupons: coupons.map((c) => ({
        couponId: c.couponId,
        programme: c.programme,
        issuedAt: toTimestamp(c.issuedAt),
      })),
    };
  }
}
