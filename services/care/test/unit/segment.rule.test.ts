import { describe, expect, it } from 'vitest';
import { matchesSegment, type SegmentCandidate, skuCategory } from '../../src/domain/segment.rule.js';
import { checkSegmentRules, type SegmentRules } from '../../src/domain/segment-rules.js';

const rules = (overrides: Partial<SegmentRules> = {}): SegmentRules => ({
  lifecycleStages: [],
  tiers: [],
  tags: [],
  boughtSkus: [],
  boughtCategories: [],
  interests: [],
  ...overrides,
});
const customer: SegmentCandidate = {
  customerId: 'buyer-1',
  lifecycleStage: 'returning',
  tier: 'gold',
  tags: ['学生', '爱猫'],
  lastPurchaseAt: new Date('2026-10-01T00:00:00Z'),
  boughtSkus: ['MUG-RED', 'BOWL-1'],
  interests: ['white-mug-restock'],
};

describe('segment membership (人群圈选): every rule the segment sets must hold', () => {
  it('an empty segment matches everyone', () => {
    expect(matchesSegment(customer, rules())).toBe(true);
  });

  it('lifecycle stage and tier: any of the listed', () => {
    expect(matchesSegment(customer, rules({ lifecycleStages: ['returning', 'loyal'] }))).toBe(true);
    expect(matchesSegment(customer, rules({ lifecycleStages: ['prospect'] }))).toBe(false);
    expect(matchesSegment(customer, rules({ tiers: ['gold'] }))).toBe(true);
    expect(matchesSegment(customer, rules({ tiers: ['silver'] }))).toBe(false);
  });

  it('tags: every listed tag', () => {
    expect(matchesSegment(customer, rules({ tags: ['学生', '爱猫'] }))).toBe(true);
    expect(matchesSegment(customer, rules({ tags: ['学生', '宝妈'] }))).toBe(false);
  });

  it('last purchase before / after; a customer who never bought matches neither', () => {
    expect(matchesSegment(customer, rules({ lastPurchaseBefore: new Date('2026-11-01T00:00:00Z') }))).toBe(true);
    expect(matchesSegment(customer, rules({ lastPurchaseAfter: new Date('2026-11-01T00:00:00Z') }))).toBe(false);
    const never = { ...customer, lastPurchaseAt: undefined };
    expect(matchesSegment(never, rules({ lastPurchaseBefore: new Date('2026-11-01T00:00:00Z') }))).toBe(false);
  });

  it('bought a SKU or a category (the SKU family)', () => {
    expect(skuCategory('MUG-RED')).toBe('MUG');
    expect(matchesSegment(customer, rules({ boughtSkus: ['MUG-RED'] }))).toBe(true);
    expect(matchesSegment(customer, rules({ boughtSkus: ['MUG-BLUE'] }))).toBe(false);
    expect(matchesSegment(customer, rules({ boughtCategories: ['MUG'] }))).toBe(true);
    expect(matchesSegment(customer, rules({ boughtCategories: ['TEAPOT'] }))).toBe(false);
  });

  it('interest recorded in a conversation', () => {
    expect(matchesSegment(customer, rules({ interests: ['white-mug-restock'] }))).toBe(true);
    expect(matchesSegment(customer, rules({ interests: ['teapot'] }))).toBe(false);
  });

  it('all rules together must hold', () => {
    expect(matchesSegment(customer, rules({ tiers: ['gold'], interests: ['teapot'] }))).toBe(false);
  });

  it('rules are checked: blank entries and an empty purchase window are named', () => {
    const violations = checkSegmentRules(
      rules({
        tags: [''],
        lastPurchaseAfter: new Date('2026-11-01T00:00:00Z'),
        lastPurchaseBefore: new Date('2026-10-01T00:00:00Z'),
      }),
    );
    expect(() => violations.throwIfAny()).toThrow(/rules.tags\[0\].*rules.last_purchase_after/);
  });
});
