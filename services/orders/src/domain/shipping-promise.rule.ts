import { shopDate, shopWallClock } from '@cs/shop-time';
/** 16:00 shop time: paid before it, an order in stock ships the same day. */
export const SAME_DAY_CUT_OFF_HOUR = 16;

export interface ShippingPromise {
  /** YYYY-MM-DD in the shop's time zone. */
  shipDate: string;
  warehouseMustConfirm: boolean;
  explanation: string;
}

/**
 * The shipping promise (发货时间): in stock and paid before 16:00 shop time → ships today;
 * otherwise → the next day. A customer in a hurry (特别着急) gets an answer only after the
 * warehouse has confirmed the stock.
 */
export function promiseShipDate(
  facts: { inStock: boolean; paidAt: Date; urgent: boolean },
  timeZone: string,
): ShippingPromise {
  const paid = shopWallClock(facts.paidAt, timeZone);
  const today = facts.inStock && paid.hour < SAME_DAY_CUT_OFF_HOUR;
  const shipDate = shopDate(facts.paidAt, timeZone, today ? 0 : 1);
  const why = today
    ? 'in stock and paid before 16:00: ships today'
    : facts.inStock
      ? 'paid after 16:00: ships the next day'
      : 'not in stock: ships the next day';
  return {
    shipDate,
    warehouseMustConfirm: facts.urgent,
    explanation: facts.urgent ? `${why}; urgent: confirm the stock with the warehouse before answering` : why,
  };
}
