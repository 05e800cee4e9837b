/** What the warehouse checks on receipt of returned goods. */
export interface AcceptanceChecks {
  undamaged: boolean;
  packagingComplete: boolean;
  resellable: boolean;
}

export type AcceptanceDecision = { accepted: true } | { accepted: false; failures: string[] };

export const ACCEPTANCE_RULE = {
  failedInspectionNeedsOutcome: 'aftersales.acceptance.failed-inspection-needs-outcome',
  partialOnlyForRefunds: 'aftersales.acceptance.partial-only-for-refunds',
  partialMeansPartialRefund: 'aftersales.acceptance.partial-means-partial-refund',
  rejectAfterReceiptNeedsFailedInspection: 'aftersales.acceptance.reject-after-receipt-needs-failed-inspection',
} as const;

/**
 * 验收 (domain.md §3): returns and exchanges are accepted only when the item is undamaged, its
 * box/packaging is complete and it can be sold again. Names every check that failed.
 */
export function acceptReturnedGoods(checks: AcceptanceChecks): AcceptanceDecision {
  const failures = [
    checks.undamaged ? undefined : '商品有损坏 (damaged)',
    checks.packagingComplete ? undefined : '包装不完整 (packaging incomplete)',
    checks.resellable ? undefined : '影响二次销售 (cannot be sold again)',
  ].filter((f): f is string => f !== undefined);
  return failures.length ? { accepted: false, failures } : { accepted: true };
}
