import { CaseState } from '@cs/contracts/cs/aftersales/v1/case';

const HOUR = 3_600_000;

// How long each step may wait before the case shows as overdue on the follow-up list.
const allowance: Partial<Record<CaseState, number>> = {
  [CaseState.CASE_STATE_REQUESTED]: 24 * HOUR,
  [CaseState.CASE_STATE_APPROVED]: 72 * HOUR,
  // The customer's parcel, the courier recall and the repair take their own time.
  [CaseState.CASE_STATE_RETURN_SHIPPED]: 7 * 24 * HOUR,
  [CaseState.CASE_STATE_RECALL_REQUESTED]: 5 * 24 * HOUR,
  [CaseState.CASE_STATE_AT_REPAIR]: 14 * 24 * HOUR,
  [CaseState.CASE_STATE_SHIPPED_TO_CUSTOMER]: 7 * 24 * HOUR,
};
const defaultAllowance = 48 * HOUR;

/** When the next step of a case in this state is due; closed cases are due for nothing. */
export function caseDeadline(state: CaseState, enteredAt: Date): Date | null {
  if (state === CaseState.CASE_STATE_CLOSED) return null;
  return new Date(enteredAt.getTime() + (allowance[state] ?? defaultAllowance));
}

export function isOverdue(dueAt: Date | null | undefined, now: Date): boolean {
  return !!dueAt && dueAt.getTime() < now.getTime();
}
