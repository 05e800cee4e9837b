import { shopDate } from '@cs/shop-time';

/**
 * Complaint number rule: TS-YYYYMMDD-NNNN, the date being the shop day (SHOP_TIMEZONE) the file was
 * opened and NNNN the file's place that day (from 0001; a busy day past 9999 just gets wider).
 */
export function complaintNumber(shopDay: string, sequence: number): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(shopDay)) throw new Error(`not a shop day: ${shopDay}`);
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new Error(`not a sequence: ${sequence}`);
  return `TS-${shopDay.replaceAll('-', '')}-${String(sequence).padStart(4, '0')}`;
}

/** The shop day numbers count within: the day in the shop's time zone, not UTC. */
export function complaintNumberDay(openedAt: Date, timeZone: string): string {
  return shopDate(openedAt, timeZone);
}
