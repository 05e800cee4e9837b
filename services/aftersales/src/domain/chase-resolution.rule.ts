import { CaseKind, CaseState } from '@cs/contracts/cs/aftersales/v1/case';
import { ChaseResolution } from '@cs/contracts/cs/aftersales/v1/tracking_service';
import type { ConcreteCaseKind } from './case-lifecycle.js';

/**
 * How a chase ends (domain.md §3, daily follow-up): the parcel moves again (nothing more to do),
 * it is lost (a parcel-problem case, 查件), or receipt time is extended (延长收货时间, recorded on
 * an extend-receipt-time case).
 */
export function caseKindForChaseResolution(resolution: ChaseResolution): ConcreteCaseKind | undefined {
  switch (resolution) {
    case ChaseResolution.CHASE_RESOLUTION_PARCEL_LOST:
      return CaseKind.CASE_KIND_PARCEL_PROBLEM;
    case ChaseResolution.CHASE_RESOLUTION_RECEIPT_TIME_EXTENDED:
      return CaseKind.CASE_KIND_EXTEND_RECEIPT_TIME;
    default:
      return undefined;
  }
}

// A case of the order still being worked is linked rather than a second one opened: a lost parcel
// already under investigation, or an extension not yet recorded as done.
const linkable: Partial<Record<ConcreteCaseKind, CaseState[]>> = {
  [CaseKind.CASE_KIND_PARCEL_PROBLEM]: [
    CaseState.CASE_STATE_REQUESTED,
    CaseState.CASE_STATE_APPROVED,
    CaseState.CASE_STATE_REFUNDED,
    CaseState.CASE_STATE_SHIPPED_TO_CUSTOMER,
  ],
  [CaseKind.CASE_KIND_EXTEND_RECEIPT_TIME]: [CaseState.CASE_STATE_REQUESTED, CaseState.CASE_STATE_APPROVED],
};

/** The states in which an existing case of the order takes the resolution instead of a new case. */
export function linkableCaseStates(kind: ConcreteCaseKind): CaseState[] {
  return linkable[kind] ?? [];
}
