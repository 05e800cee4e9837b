import type { OrderItem } from '@cs/contracts/cs/orders/v1/order';
import { RuleViolation } from '@cs/errors';

/** What the customer wants instead of the line they bought (改属性). */
export interface WantedItem {
  sku: string;
  title: string;
  /** Colour, size and the like (颜色: 蓝色). */
  attributes: Record<string, string>;
}

/** The stable name of the rule that keeps one line per SKU, reported with FAILED_PRECONDITION. */
export const DUPLICATE_SKU_RULE = 'order-desk.attribute-change-leaves-duplicate-sku';

/**
 * 改属性 must not leave two lines with the same SKU: the warehouse picks and the printing desk
 * prints by SKU, and a later change names its line by SKU, so a second line of the wanted SKU
 * would be ambiguous for all three. The agent changes the quantity with the customer instead.
 */
export function checkNoDuplicateSku(orderId: string, items: readonly OrderItem[], bought: OrderItem, newSku: string) {
  const other = items.find((i) => i !== bought && i.sku === newSku);
  if (other) {
    throw new RuleViolation(
      DUPLICATE_SKU_RULE,
      `order ${orderId} already has a line of ${newSku} (${other.title}): changing ${bought.sku} to it would leave two lines with the same SKU`,
    );
  }
}

/** The item as the remark and the printing desk state it: 蓝色T恤(TEE-L；颜色:蓝色，尺码:L). */
export function itemText(item: OrderItem): string {
  const attributes = Object.entries(item.attributes ?? {}).map(([name, value]) => `${name}:${value}`);
  return `${item.title}(${[item.sku, attributes.join('，')].filter(Boolean).join('；')})`;
}
