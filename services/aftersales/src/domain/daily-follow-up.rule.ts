import type { Shipment } from './shipment.entity.js';

const HOUR = 3_600_000;

/** The default silence after which a parcel is chased (查件): a day without a tracking update. */
export const DEFAULT_STALE_AFTER_HOURS = 24;

// Marketplaces auto-confirm receipt about ten days after shipping; past a week a silent
// parcel risks being confirmed before it arrives, so receipt time is extended.
const EXTEND_RECEIPT_AFTER_DAYS = 7;

export interface ChaseDecision {
  shipment: Shipment;
  hoursSinceUpdate: number;
  extendReceiptTime: boolean;
}

/**
 * Daily follow-up: a shipment not delivered and without a tracking update for `staleAfterHours`
 * is chased with the courier and the customer; an old one also gets its receipt time extended.
 */
export function chaseDecision(shipment: Shipment, now: Date, staleAfterHours: number): ChaseDecision | undefined {
  if (shipment.delivered) return undefined;
  const silence = now.getTime() - shipment.lastUpdateAt.getTime();
  if (silence < staleAfterHours * HOUR) return undefined;
  const age = now.getTime() - shipment.shippedAt.getTime();
  return {
    shipment,
    hoursSinceUpdate: Math.floor(silence / HOUR),
    extendReceiptTime: age >= EXTEND_RECEIPT_AFTER_DAYS * 24 * HOUR,
  };
}

/** The start of `now`'s day in the shop's time zone: cases opened before it are yesterday's leftovers. */
export function startOfShopDay(now: Date, timeZone: string): Date {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const sinceMidnight = ((get('hour') * 60 + get('minute')) * 60 + get('second')) * 1000 + now.getMilliseconds();
  return new Date(now.getTime() - sinceMidnight);
}
