import { CaseKind, CaseState } from '@cs/contracts/cs/aftersales/v1/case';
import { RuleViolation } from '@cs/errors';

export { CaseKind, CaseState };

/** The steps a case can take; each kind allows some of them, from some states. */
export type CaseAction =
  | 'approve'
  | 'reject'
  | 'register-return-waybill'
  | 'receive-goods'
  | 'refund'
  | 'ship-to-customer'
  | 'request-recall'
  | 'sign-in-parcel'
  | 'send-for-repair'
  | 'repair-returned'
  | 'complete'
  | 'close';

export type ConcreteCaseKind = Exclude<CaseKind, CaseKind.CASE_KIND_UNSPECIFIED>;

interface Transition {
  action: CaseAction;
  from: CaseState[];
  to: CaseState;
}

const S = CaseState;
const step = (action: CaseAction, from: CaseState[], to: CaseState): Transition => ({ action, from, to });

// Every kind starts requested → approved or rejected, and ends completed → closed (a rejection closes too).
const decide = [step('approve', [S.CASE_STATE_REQUESTED], S.CASE_STATE_APPROVED)];
const close = step('close', [S.CASE_STATE_COMPLETED, S.CASE_STATE_REJECTED], S.CASE_STATE_CLOSED);
const rejectRequest = step('reject', [S.CASE_STATE_REQUESTED], S.CASE_STATE_REJECTED);
// Returned goods can still be rejected after a failed acceptance inspection.
const rejectRequestOrReturn = step(
  'reject',
  [S.CASE_STATE_REQUESTED, S.CASE_STATE_GOODS_RECEIVED],
  S.CASE_STATE_REJECTED,
);
const returnGoods = [
  step('register-return-waybill', [S.CASE_STATE_APPROVED], S.CASE_STATE_RETURN_SHIPPED),
  step('receive-goods', [S.CASE_STATE_RETURN_SHIPPED], S.CASE_STATE_GOODS_RECEIVED),
];
const complete = (...from: CaseState[]) => step('complete', from, S.CASE_STATE_COMPLETED);

/**
 * One explicit state machine per kind of case (domain.md §3). A step not listed for the
 * kind and the current state is refused, naming the kind's lifecycle rule.
 */
export const caseLifecycles: Record<ConcreteCaseKind, Transition[]> = {
  // 退货退款: approved → customer returns it → inspected on receipt → refunded.
  [CaseKind.CASE_KIND_RETURN_AND_REFUND]: [
    ...decide,
    rejectRequestOrReturn,
    ...returnGoods,
    step('refund', [S.CASE_STATE_GOODS_RECEIVED], S.CASE_STATE_REFUNDED),
    complete(S.CASE_STATE_REFUNDED),
    close,
  ],
  // 换货: approved → customer returns it → inspected → the wanted item is shipped.
  [CaseKind.CASE_KIND_EXCHANGE]: [
    ...decide,
    rejectRequestOrReturn,
    ...returnGoods,
    step('ship-to-customer', [S.CASE_STATE_GOODS_RECEIVED], S.CASE_STATE_SHIPPED_TO_CUSTOMER),
    complete(S.CASE_STATE_SHIPPED_TO_CUSTOMER),
    close,
  ],
  // 仅退款: approved → refunded.
  [CaseKind.CASE_KIND_REFUND_ONLY]: [
    ...decide,
    rejectRequest,
    step('refund', [S.CASE_STATE_APPROVED], S.CASE_STATE_REFUNDED),
    complete(S.CASE_STATE_REFUNDED),
    close,
  ],
  // 维修: returned → at the provider → back → shipped to the customer → completed when they have it.
  [CaseKind.CASE_KIND_REPAIR]: [
    ...decide,
    rejectRequestOrReturn,
    ...returnGoods,
    step('send-for-repair', [S.CASE_STATE_GOODS_RECEIVED], S.CASE_STATE_AT_REPAIR),
    step('repair-returned', [S.CASE_STATE_AT_REPAIR], S.CASE_STATE_REPAIRED),
    step('ship-to-customer', [S.CASE_STATE_REPAIRED], S.CASE_STATE_SHIPPED_TO_CUSTOMER),
    complete(S.CASE_STATE_SHIPPED_TO_CUSTOMER),
    close,
  ],
  // 补发: approved → shipped again.
  [CaseKind.CASE_KIND_REISSUE]: [
    ...decide,
    rejectRequest,
    step('ship-to-customer', [S.CASE_STATE_APPROVED], S.CASE_STATE_SHIPPED_TO_CUSTOMER),
    complete(S.CASE_STATE_SHIPPED_TO_CUSTOMER),
    close,
  ],
  // 拦截: courier recall → warehouse signs the parcel in → refund (cancellation) or re-delivery (new address).
  [CaseKind.CASE_KIND_INTERCEPT]: [
    ...decide,
    rejectRequest,
    step('request-recall', [S.CASE_STATE_APPROVED], S.CASE_STATE_RECALL_REQUESTED),
    step('sign-in-parcel', [S.CASE_STATE_RECALL_REQUESTED], S.CASE_STATE_PARCEL_SIGNED_IN),
    step('refund', [S.CASE_STATE_PARCEL_SIGNED_IN], S.CASE_STATE_REFUNDED),
    step('ship-to-customer', [S.CASE_STATE_PARCEL_SIGNED_IN], S.CASE_STATE_SHIPPED_TO_CUSTOMER),
    complete(S.CASE_STATE_REFUNDED, S.CASE_STATE_SHIPPED_TO_CUSTOMER),
    close,
  ],
  // 查件: accepted for investigation → found (completed), or refunded / reissued when lost or damaged.
  [CaseKind.CASE_KIND_PARCEL_PROBLEM]: [
    ...decide,
    rejectRequest,
    step('refund', [S.CASE_STATE_APPROVED], S.CASE_STATE_REFUNDED),
    step('ship-to-customer', [S.CASE_STATE_APPROVED], S.CASE_STATE_SHIPPED_TO_CUSTOMER),
    complete(S.CASE_STATE_APPROVED, S.CASE_STATE_REFUNDED, S.CASE_STATE_SHIPPED_TO_CUSTOMER),
    close,
  ],
  // 延长收货时间: approved → extended on the marketplace (completed).
  [CaseKind.CASE_KIND_EXTEND_RECEIPT_TIME]: [...decide, rejectRequest, complete(S.CASE_STATE_APPROVED), close],
  // 维权: the shop accepts the claim → refunded or otherwise settled; or disputes it (rejected).
  [CaseKind.CASE_KIND_RIGHTS_CLAIM]: [
    ...decide,
    rejectRequest,
    step('refund', [S.CASE_STATE_APPROVED], S.CASE_STATE_REFUNDED),
    complete(S.CASE_STATE_APPROVED, S.CASE_STATE_REFUNDED),
    close,
  ],
};

/** return-and-refund, exchange, …: how the kind reads in rule names and messages. */
export function kindSlug(kind: CaseKind): string {
  return kind.replace('CASE_KIND_', '').toLowerCase().replaceAll('_', '-');
}

export function stateSlug(state: CaseState): string {
  return state.replace('CASE_STATE_', '').toLowerCase().replaceAll('_', ' ');
}

/** The stable rule name reported when a kind's lifecycle refuses a step. */
export function lifecycleRule(kind: CaseKind): string {
  return `aftersales.lifecycle.${kindSlug(kind)}`;
}

export function isConcreteKind(kind: CaseKind): kind is ConcreteCaseKind {
  return Object.hasOwn(caseLifecycles, kind);
}

/** The steps the kind allows from this state. */
export function allowedActions(kind: ConcreteCaseKind, state: CaseState): CaseAction[] {
  return caseLifecycles[kind].filter((t) => t.from.includes(state)).map((t) => t.action);
}

/** The state a step leads to, or a RuleViolation naming the kind's lifecycle. */
export function nextState(kind: ConcreteCaseKind, state: CaseState, action: CaseAction): CaseState {
  const transition = caseLifecycles[kind].find((t) => t.action === action && t.from.includes(state));
  if (transition) return transition.to;
  const allowed = allowedActions(kind, state);
  throw new RuleViolation(
    lifecycleRule(kind),
    `a ${kindSlug(kind)} case that is ${stateSlug(state)} cannot ${action}` +
      (allowed.length ? ` (allowed now: ${allowed.join(', ')})` : ' (no step is allowed now)'),
  );
}

/** Whether the kind sends goods back to the shop (and so has return postage and an inspection). */
export function returnsGoods(kind: CaseKind): boolean {
  return caseLifecycles[kind as ConcreteCaseKind]?.some((t) => t.action === 'receive-goods') ?? false;
}
