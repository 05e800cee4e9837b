/** Where a buyer stands with the shop; stored as these names in customer_profiles.lifecycle_stage. */
export type LifecycleStage = 'prospect' | 'first_buyer' | 'returning' | 'loyal';

export interface LifecycleThresholds {
  /** Paid orders from which a buyer is returning (回头客). */
  returningFrom: number;
  /** Paid orders from which a buyer is loyal. */
  loyalFrom: number;
}

/**
 * Lifecycle stage rule (prospect → first buyer → returning → loyal): counted in paid orders that
 * were neither cancelled nor refunded. A contact without a paid order is a prospect.
 */
export function lifecycleStageOf(paidOrders: number, thresholds: LifecycleThresholds): LifecycleStage {
  if (paidOrders >= thresholds.loyalFrom) return 'loyal';
  if (paidOrders >= thresholds.returningFrom) return 'returning';
  if (paidOrders >= 1) return 'first_buyer';
  return 'prospect';
}
