/** Membership tiers, lowest first; stored as these names in customer_profiles.tier. */
export const tiers = ['standard', 'silver', 'gold', 'platinum'] as const;
export type TierName = (typeof tiers)[number];

export interface TierPolicy {
  /** Tiers by total spend (fen) or by points balance. */
  basis: 'spend' | 'points';
  /** The basis value from which each tier starts. */
  silverFrom: number;
  goldFrom: number;
  platinumFrom: number;
  /** 折上折: extra discount per tier, basis points. */
  extraDiscountBp: Record<Exclude<TierName, 'standard'>, number>;
}

function thresholdOf(tier: TierName, policy: TierPolicy): number {
  if (tier === 'silver') return policy.silverFrom;
  if (tier === 'gold') return policy.goldFrom;
  if (tier === 'platinum') return policy.platinumFrom;
  return 0;
}

/** Tier rule: the highest tier whose threshold the customer's spend (or points) has reached. */
export function tierFor(spendFen: number, points: number, policy: TierPolicy): TierName {
  const value = policy.basis === 'spend' ? spendFen : points;
  let reached: TierName = 'standard';
  for (const tier of tiers) if (value >= thresholdOf(tier, policy)) reached = tier;
  return reached;
}

/** VIP extra discount (折上折) rate of a tier, in basis points; the standard tier has none. */
export function extraDiscountBp(tier: TierName, policy: TierPolicy): number {
  return tier === 'standard' ? 0 : policy.extraDiscountBp[tier];
}

/** The next tier and how much more spend (fen) or points it needs; undefined at the top. */
export function nextTier(
  spendFen: number,
  points: number,
  policy: TierPolicy,
): { tier: TierName; needed: number } | undefined {
  const current = tierFor(spendFen, points, policy);
  const next = tiers[tiers.indexOf(current) + 1];
  if (!next) return undefined;
  const value = policy.basis === 'spend' ? spendFen : points;
  return { tier: next, needed: thresholdOf(next, policy) - value };
}

/** A tier change worth announcing (cs.care.customer.tier_changed), up or down. */
export function tierChange(from: TierName, to: TierName): { from: TierName; to: TierName } | undefined {
  return from === to ? undefined : { from, to };
}
