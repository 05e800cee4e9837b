import { Outbox } from '@cs/bus';
import { CONFIG } from '@cs/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { CareConfig } from '../care.config.js';
import { lifecycleStageOf } from '../domain/lifecycle-stage.rule.js';
import { pointsEarnedFor, pointsToReverse } from '../domain/points.rule.js';
import { isKeptPurchase, purchaseFigures } from '../domain/purchases.rule.js';
import { earnsReturningCustomerCoupon, returningCustomerProgramme } from '../domain/returning-customer.rule.js';
import { isKeyCustomer } from '../domain/revisit.rule.js';
import { tierChange, tierFor } from '../domain/tier.rule.js';
import { LoyaltyStore } from '../infrastructure/loyalty.store.js';
import { OrderFactsStore } from '../infrastructure/order-facts.store.js';
import { ProfileStore } from '../infrastructure/profile.store.js';
import { TimelineStore } from '../infrastructure/timeline.store.js';
import { lifecycleThresholds, tierPolicy } from './care-policy.js';
import { tierToProto } from './proto-mapping.js';
import { toTimestamp } from './timestamps.js';

export const earnedKey = (orderId: string) => `order:${orderId}:earned`;
export const reversedKey = (orderId: string) => `order:${orderId}:reversed`;

/**
 * After any fact about a customer's orders: recomputes spend, paid orders, last purchase, lifecycle
 * stage and tier from the stored facts, moves points (earn on a kept purchase, reverse on a
 * cancellation or refund, each once per order), issues the 回头客 coupon, and announces tier
 * changes. Works from the facts, not the event, so replays and any arrival order end the same.
 */
@Injectable()
export class CustomerFiguresUpdater {
  constructor(
    @Inject(CONFIG) private readonly config: CareConfig,
    private readonly profiles: ProfileStore,
    private readonly orders: OrderFactsStore,
    private readonly loyalty: LoyaltyStore,
    private readonly timeline: TimelineStore,
  ) {}

  async update(em: EntityManager, customerId: string, at: Date): Promise<void> {
    const before = await this.profiles.lock(em, customerId);
    if (!before) return;
    const orders = await this.orders.ofCustomer(em, customerId);
    const moved = await this.loyalty.movementsFor(
      em,
      orders.flatMap((order) => [earnedKey(order.orderId), reversedKey(order.orderId)]),
    );
    let balance = before.pointsBalance;
    for (const order of orders) {
      const earned = moved.get(earnedKey(order.orderId));
      const reversed = moved.has(reversedKey(order.orderId));
      if (isKeptPurchase(order) && earned === undefined && !reversed) {
        const points = pointsEarnedFor(order.totalFen, this.config.carePointsPerYuan);
        balance += points;
        const sourceKey = earnedKey(order.orderId);
        await this.loyalty.move(em, customerId, {
          delta: points,
          reason: 'earned',
          sourceKey,
          balanceAfter: balance,
          at,
        });
      } else if (!isKeptPurchase(order) && earned !== undefined && !reversed) {
        const points = pointsToReverse(earned, balance);
        balance -= points;
        const sourceKey = reversedKey(order.orderId);
        await this.loyalty.move(em, customerId, {
          delta: -points,
          reason: 'reversed',
          sourceKey,
          balanceAfter: balance,
          at,
        });
      }
    }
    const figures = purchaseFigures(orders);
    const policy = tierPolicy(this.config);
    const after = {
      ...before,
      ...figures,
      currency: before.currency,
      pointsBalance: balance,
      lifecycleStage: lifecycleStageOf(figures.paidOrders, lifecycleThresholds(this.config)),
      tier: tierFor(figures.totalSpendFen, balance, policy),
    };
    const version = await this.profiles.saveFigures(em, before, after);
    const change = tierChange(before.tier, after.tier);
    if (change) {
      await Outbox.add(
        em,
        'cs.care.customer.tier_changed',
        {
          customerId,
          fromTier: tierToProto[change.from],
          toTier: tierToProto[change.to],
          basis: policy.basis,
          changedAt: toTimestamp(at),
          profileVersion: version,
        },
        { aggregateId: customerId, aggregateVersion: version },
      );
      await this.timeline.add(em, {
        sourceKey: `tier:${customerId}:${version}`,
        customerId,
        refKind: 'tier',
        refId: after.tier,
        kind: 'loyalty',
        occurredAt: at,
        summary: `tier ${change.from} → ${change.to}`,
      });
    }
    await this.profiles.markKeyCustomer(
      em,
      customerId,
      isKeyCustomer(after.tier, after.tags, this.config.careKeyCustomerMinTier, this.config.careKeyCustomerTag),
      at,
    );
    if (earnsReturningCustomerCoupon(figures.paidOrders, this.config.careReturningCouponAtPaidOrders)) {
      await this.issueReturningCustomerCoupon(em, customerId, at);
    }
  }

  private async issueReturningCustomerCoupon(em: EntityManager, customerId: string, at: Date): Promise<void> {
    const programme = returningCustomerProgramme;
    const coupon = await this.loyalty.issueCoupon(em, customerId, programme, `${programme}:${customerId}`, at);
    if (!coupon) return;
    await Outbox.add(
      em,
      'cs.care.coupon.issued',
      { couponId: coupon.couponId, customerId, programme, issuedAt: toTimestamp(at) },
      { aggregateId: customerId, aggregateVersion: 1 },
    );
    await this.timeline.add(em, {
      sourceKey: `coupon:${coupon.couponId}`,
      customerId,
      refKind: 'coupon',
      refId: coupon.couponId,
      kind: 'loyalty',
      occurredAt: at,
      summary: `coupon issued (${programme})`,
    });
  }
}
