import { Violations } from '@cs/errors';

/** A segment by rules: all set rules must hold; an empty rule matches everyone. */
export interface SegmentRules {
  /** prospect, first_buyer, returning, loyal (any of). */
  lifecycleStages: string[];
  /** standard, silver, gold, platinum (any of). */
  tiers: string[];
  /** Every one of these tags. */
  tags: string[];
  lastPurchaseBefore?: Date;
  lastPurchaseAfter?: Date;
  /** Bought any of these SKUs. */
  boughtSkus: string[];
  /** Bought any SKU of these categories (see skuCategory). */
  boughtCategories: string[];
  /** Any of these interests recorded in a conversation. */
  interests: string[];
}

export const lifecycleStages = ['prospect', 'first_buyer', 'returning', 'loyal'] as const;
export const tiers = ['standard', 'silver', 'gold', 'platinum'] as const;

/** The rules a customer is measured against; names the request fields on failure. */
export function checkSegmentRules(rules: SegmentRules, field = 'rules'): Violations {
  const violations = new Violations();
  const lists: [keyof SegmentRules, string][] = [
    ['tags', 'tags'],
    ['boughtSkus', 'bought_skus'],
    ['boughtCategories', 'bought_categories'],
    ['interests', 'interests'],
  ];
  for (const [key, name] of lists) {
    const values = rules[key] as string[];
    if (values.length > 100) violations.add(`${field}.${name}`, 'must have at most 100 entries');
    values.forEach((value, index) => {
      if (!value.trim() || value.length > 100)
        violations.add(`${field}.${name}[${index}]`, 'must be 1..100 characters');
    });
  }
  const { lastPurchaseBefore: before, lastPurchaseAfter: after } = rules;
  if (before && after && after.getTime() >= before.getTime()) {
    violations.add(`${field}.last_purchase_after`, 'must be before last_purchase_before');
  }
  return violations;
}
