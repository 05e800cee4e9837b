import type { SegmentRules } from './segment-rules.js';

/** What a segment rule looks at in one customer's profile. */
export interface SegmentCandidate {
  customerId: string;
  lifecycleStage: string;
  tier: string;
  tags: string[];
  lastPurchaseAt?: Date;
  boughtSkus: string[];
  interests: string[];
}

/** The category a SKU belongs to: its family, the part before the first dash ("MUG" for "MUG-RED"). */
export function skuCategory(sku: string): string {
  const dash = sku.indexOf('-');
  return dash < 0 ? sku : sku.slice(0, dash);
}

const anyOf = (wanted: string[], has: (value: string) => boolean) => wanted.length === 0 || wanted.some(has);

/** Segment membership (人群圈选): the customer meets every rule the segment sets. */
export function matchesSegment(customer: SegmentCandidate, rules: SegmentRules): boolean {
  if (!anyOf(rules.lifecycleStages, (stage) => stage === customer.lifecycleStage)) return false;
  if (!anyOf(rules.tiers, (tier) => tier === customer.tier)) return false;
  if (!rules.tags.every((tag) => customer.tags.includes(tag))) return false;
  const last = customer.lastPurchaseAt?.getTime();
  if (rules.lastPurchaseBefore && (last === undefined || last >= rules.lastPurchaseBefore.getTime())) return false;
  if (rules.lastPurchaseAfter && (last === undefined || last <= rules.lastPurchaseAfter.getTime())) return false;
  if (!anyOf(rules.boughtSkus, (sku) => customer.boughtSkus.includes(sku))) return false;
  const categories = customer.boughtSkus.map(skuCategory);
  if (!anyOf(rules.boughtCategories, (category) => categories.includes(category))) return false;
  return anyOf(rules.interests, (interest) => customer.interests.includes(interest));
}

/** Whether the rules need the customer's purchases or interests (read only then, to keep batches cheap). */
export function needsPurchases(rules: SegmentRules): boolean {
  return rules.boughtSkus.length > 0 || rules.boughtCategories.length > 0;
}
