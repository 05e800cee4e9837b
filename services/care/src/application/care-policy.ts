import type { CareConfig } from '../care.config.js';
import type { LifecycleThresholds } from '../domain/lifecycle-stage.rule.js';
import type { SurveyKindName } from '../domain/survey.rule.js';
import type { TierPolicy } from '../domain/tier.rule.js';

/** The rules' thresholds, read from configuration once. */
export function lifecycleThresholds(config: CareConfig): LifecycleThresholds {
  return { returningFrom: config.careReturningMinPaidOrders, loyalFrom: config.careLoyalMinPaidOrders };
}

export function tierPolicy(config: CareConfig): TierPolicy {
  return {
    basis: config.careTierBasis,
    silverFrom: config.careTierSilverFrom,
    goldFrom: config.careTierGoldFrom,
    platinumFrom: config.careTierPlatinumFrom,
    extraDiscountBp: {
      silver: config.careSilverExtraDiscountBp,
      gold: config.careGoldExtraDiscountBp,
      platinum: config.carePlatinumExtraDiscountBp,
    },
  };
}

export function lowScoreThresholds(config: CareConfig): Record<SurveyKindName, number> {
  return { csat: config.careLowCsatAtMost, nps: config.careLowNpsAtMost };
}
