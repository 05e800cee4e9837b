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
