import type { PurchaseFigures } from './customer-profile.js';

/** One order as care knows it from the order desk's and after-sales' events. */
export interface OrderFact {
  orderId: string;
  paidAt: Date | null;
  cancelledAt: Date | null;
  refundedAt: Date | null;
  totalFen: number;
}

/** Kept purchase rule: a paid order that was neither cancelled nor refunded counts as a purchase. */
export function isKeptPurchase(order: OrderFact): boolean {
  return order.paidAt !== null && order.cancelledAt === null && order.refundedAt === null;
}

/** Total spend, paid orders and last purchase, from the kept purchases only. */
export function purchaseFigures(orders: readonly OrderFact[]): PurchaseFigures {
  const kept = orders.filter(isKeptPurchase);
  let lastPurchaseAt: Date | null = null;
  for (const order of kept)
    if (!lastPurchaseAt || (order.paidAt as Date) > lastPurchaseAt) lastPurchaseAt = order.paidAt;
  return {
    paidOrders: kept.length,
    totalSpendFen: kept.reduce((sum, order) => sum + order.totalFen, 0),
    lastPurchaseAt,
  };
}
