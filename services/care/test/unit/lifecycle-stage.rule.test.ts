import { describe, expect, it } from 'vitest';
import { lifecycleStageOf } from '../../src/domain/lifecycle-stage.rule.js';
import { isKeptPurchase, purchaseFigures } from '../../src/domain/purchases.rule.js';

const thresholds = { returningFrom: 2, loyalFrom: 5 };

describe('lifecycle stage rule (prospect → first buyer → returning → loyal), thresholds configurable', () => {
  it.each([
    [0, 'prospect'],
    [1, 'first_buyer'],
    [2, 'returning'],
    [4, 'returning'],
    [5, 'loyal'],
    [12, 'loyal'],
  ])('%i paid orders make a %s', (paidOrders, stage) => {
    expect(lifecycleStageOf(paidOrders, thresholds)).toBe(stage);
  });

  it('follows configured thresholds: returning from 3, loyal from 10', () => {
    expect(lifecycleStageOf(2, { returningFrom: 3, loyalFrom: 10 })).toBe('first_buyer');
    expect(lifecycleStageOf(9, { returningFrom: 3, loyalFrom: 10 })).toBe('returning');
    expect(lifecycleStageOf(10, { returningFrom: 3, loyalFrom: 10 })).toBe('loyal');
  });
});

describe('kept purchase rule: only paid orders neither cancelled nor refunded count', () => {
  const paid = new Date('2026-11-01T10:00:00Z');
  const later = new Date('2026-11-20T10:00:00Z');
  const orders = [
    { orderId: 'a', paidAt: paid, cancelledAt: null, refundedAt: null, totalFen: 10_000 },
    { orderId: 'b', paidAt: later, cancelledAt: null, refundedAt: null, totalFen: 5_000 },
    { orderId: 'c', paidAt: later, cancelledAt: later, refundedAt: null, totalFen: 99_900 },
    { orderId: 'd', paidAt: later, cancelledAt: null, refundedAt: later, totalFen: 99_900 },
    { orderId: 'e', paidAt: null, cancelledAt: null, refundedAt: null, totalFen: 77_700 },
  ];

  it('an unpaid, a cancelled and a refunded order are not purchases', () => {
    expect(orders.map(isKeptPurchase)).toEqual([true, true, false, false, false]);
  });

  it('total spend, paid orders and last purchase come from the kept purchases only', () => {
    expect(purchaseFigures(orders)).toEqual({ paidOrders: 2, totalSpendFen: 15_000, lastPurchaseAt: later });
  });

  it('gives the same figures whatever order the facts are listed in', () => {
    expect(purchaseFigures([...orders].reverse())).toEqual(purchaseFigures(orders));
  });
});
