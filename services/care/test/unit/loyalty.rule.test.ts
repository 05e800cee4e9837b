import { describe, expect, it } from 'vitest';
import { balanceAfterAdjustment, pointsEarnedFor, pointsToReverse } from '../../src/domain/points.rule.js';
import { earnsReturningCustomerCoupon } from '../../src/domain/returning-customer.rule.js';
import { extraDiscountBp, nextTier, type TierPolicy, tierChange, tierFor } from '../../src/domain/tier.rule.js';

const bySpend: TierPolicy = {
  basis: 'spend',
  silverFrom: 100_000,
  goldFrom: 500_000,
  platinumFrom: 2_000_000,
  extraDiscountBp: { silver: 200, gold: 500, platinum: 800 },
};

describe('points earn rule: a paid order earns points per whole yuan', () => {
  it('199.99 yuan at 1 point per yuan earns 199 points', () => {
    expect(pointsEarnedFor(19_999, 1)).toBe(199);
  });
  it('a double-points rate doubles them; nothing paid earns nothing', () => {
    expect(pointsEarnedFor(10_000, 2)).toBe(200);
    expect(pointsEarnedFor(0, 1)).toBe(0);
  });
});

describe('points reverse rule: cancellation or refund takes back what the order earned, never below zero', () => {
  it('takes back all the earned points when the balance holds them', () => {
    expect(pointsToReverse(199, 500)).toBe(199);
  });
  it('takes back only what is left when points were spent meanwhile', () => {
    expect(pointsToReverse(199, 50)).toBe(50);
    expect(pointsToReverse(199, 0)).toBe(0);
  });
  it('a manual movement that would go below zero is refused', () => {
    expect(balanceAfterAdjustment(100, -101)).toEqual({ ok: false });
    expect(balanceAfterAdjustment(100, -100)).toEqual({ ok: true, balance: 0 });
  });
});

describe('tier rule: the highest tier whose threshold the spend (or points) reached', () => {
  it.each([
    [0, 'standard'],
    [99_999, 'standard'],
    [100_000, 'silver'],
    [500_000, 'gold'],
    [2_000_000, 'platinum'],
  ])('spend of %i fen is %s', (spend, tier) => {
    expect(tierFor(spend, 0, bySpend)).toBe(tier);
  });

  it('by points, the points balance decides and the spend does not', () => {
    const byPoints: TierPolicy = { ...bySpend, basis: 'points', silverFrom: 1_000, goldFrom: 5_000 };
    expect(tierFor(9_999_999, 999, byPoints)).toBe('standard');
    expect(tierFor(0, 5_000, byPoints)).toBe('gold');
  });

  it('VIP extra discount (折上折) per tier; none for standard', () => {
    expect(extraDiscountBp('standard', bySpend)).toBe(0);
    expect(extraDiscountBp('gold', bySpend)).toBe(500);
  });

  it('names the next tier and what it still needs; nothing above platinum', () => {
    expect(nextTier(120_000, 0, bySpend)).toEqual({ tier: 'gold', needed: 380_000 });
    expect(nextTier(3_000_000, 0, bySpend)).toBeUndefined();
  });

  it('tier change rule: a change up or down is announced, staying is not', () => {
    expect(tierChange('standard', 'silver')).toEqual({ from: 'standard', to: 'silver' });
    expect(tierChange('gold', 'silver')).toEqual({ from: 'gold', to: 'silver' });
    expect(tierChange('gold', 'gold')).toBeUndefined();
  });
});

describe('returning-customer programme (回头客): a coupon from the second paid order', () => {
  it('the first order earns no coupon, the second does', () => {
    expect(earnsReturningCustomerCoupon(1, 2)).toBe(false);
    expect(earnsReturningCustomerCoupon(2, 2)).toBe(true);
  });
});
