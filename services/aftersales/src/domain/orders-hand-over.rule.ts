import { CaseKind } from '@cs/contracts/cs/aftersales/v1/case';
import { HandOverReason, type OrderHandedToAftersales } from '@cs/contracts/cs/orders/v1/events';
import type { OrderItem } from '@cs/contracts/cs/orders/v1/order';
import type { ConcreteCaseKind } from './case-lifecycle.js';
import type { CaseItem } from './case-records.js';

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

/**
 * The goods of the case opened for a hand-over: for an attribute change (an exchange), the bought
 * line comes back and the item the customer asked for goes out instead (sku, title, quantity); the
 * other reasons carry no goods. An event without the lines (from before they existed) opens the
 * exchange without them, for the agent to set (SetWantedItem).
 */
export function handOverGoods(event: Pick<OrderHandedToAftersales, 'reason' | 'boughtItem' | 'wantedItem'>): {
  items: CaseItem[];
  wantedItem?: CaseItem;
} {
  if (event.reason !== HandOverReason.HAND_OVER_REASON_ATTRIBUTE_CHANGE) return { items: [] };
  const { boughtItem, wantedItem } = event;
  return {
    items: boughtItem?.sku ? [caseItem(boughtItem)] : [],
    wantedItem: wantedItem?.sku ? caseItem(wantedItem) : undefined,
  };
}

// The colour and size the customer asked the order desk for travel with the wanted item.
const caseItem = ({ sku, title, quantity, attributes }: OrderItem): CaseItem => ({
  sku,
  title,
  quantity,
  attributes: { ...attributes },
});

// One case per order and cause: a redelivered or re-published event finds the case already open.
export const refundOriginKey = (orderId: string) => `orders:refund_requested:${orderId}`;

/**
 * One case per order and cause, and for an attribute change one per line: each line handed over is
 * its own exchange (its own goods back, its own wanted item out), so a second line's hand-over must
 * not find the first line's case. The same line handed over again finds its case.
 */
export function handOverOriginKey(event: Pick<OrderHandedToAftersales, 'orderId' | 'reason' | 'boughtItem'>): string {
  const key = legacyHandOverOriginKey(event.orderId, event.reason);
  const line = event.reason === HandOverReason.HAND_OVER_REASON_ATTRIBUTE_CHANGE ? event.boughtItem?.sku : undefined;
  return line ? `${key}:${line}` : key;
}

/** The key before cases were opened per line: an exchange opened under it holds one line. */
export const legacyHandOverOriginKey = (orderId: string, reason: HandOverReason) =>
  `orders:handed_to_aftersales:${orderId}:${reason}`;
