import type { Order } from './order.aggregate.js';

/** When to remind the customer of an unpaid order (催付): the configured delay after it was placed. */
export function paymentReminderDueAt(placedAt: Date, delayMinutes: number): Date {
  return new Date(placedAt.getTime() + delayMinutes * 60_000);
}

/** Paying (or cancelling) the order cancels its reminder. */
export function stillAwaitsPayment(order: Order): boolean {
  return !order.isPaid() && !order.cancelledAt;
}
