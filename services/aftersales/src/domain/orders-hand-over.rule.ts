import { CaseKind } from '@cs/contracts/cs/aftersales/v1/case';
import { HandOverReason } from '@cs/contracts/cs/orders/v1/events';
import type { ConcreteCaseKind } from './case-lifecycle.js';

/**
 * What after-sales opens for an order the order desk handed over after shipping (domain.md §2):
 * a cancellation → intercept the parcel, then refund; an address change → intercept and deliver
 * again to the new address; a change of SKU/attributes → exchange. Unknown reasons open nothing.
 */
export function caseKindForHandOver(reason: HandOverReason): ConcreteCaseKind | undefined {
  switch (reason) {
    case HandOverReason.HAND_OVER_REASON_CANCELLATION:
    case HandOverReason.HAND_OVER_REASON_ADDRESS_CHANGE:
      return CaseKind.CASE_KIND_INTERCEPT;
    case HandOverReason.HAND_OVER_REASON_ATTRIBUTE_CHANGE:
      return CaseKind.CASE_KIND_EXCHANGE;
    default:
      return undefined;
  }
}

// One case per order and cause: a redelivered or re-published event finds the case already open.
export const refundOriginKey = (orderId: string) => `orders:refund_requested:${orderId}`;
export const handOverOriginKey = (orderId: string, reason: HandOverReason) =>
  `orders:handed_to_aftersales:${orderId}:${reason}`;
