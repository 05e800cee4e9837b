import { type TierName, tiers } from './tier.rule.js';

const HOUR = 3_600_000;

export type RevisitReasonName = 'case_closed' | 'complaint_archived' | 'low_survey_score' | 'key_customer' | 'manual';

/** Revisit after a closed case: due a set number of hours after the closing (回访 window). */
export function revisitDueAfterCase(closedAt: Date, afterHours: number): Date {
  return new Date(closedAt.getTime() + afterHours * HOUR);
}

/** Revisit after an archived complaint: when complaints say it is due, else the fallback window. */
export function revisitDueAfterComplaint(archivedAt: Date, namedDueAt: Date | undefined, fallbackHours: number): Date {
  return namedDueAt ?? new Date(archivedAt.getTime() + fallbackHours * HOUR);
}

/** Overdue rule: an open revisit past its due time. */
export function isOverdue(dueAt: Date, now: Date): boolean {
  return dueAt.getTime() < now.getTime();
}

/** Key customer rule: tier at or above the configured one, or tagged as a key customer. */
export function isKeyCustomer(tier: TierName, tags: readonly string[], minTier: TierName, keyTag: string): boolean {
  return tiers.indexOf(tier) >= tiers.indexOf(minTier) || tags.includes(keyTag);
}

/** The period of a key customer's periodic revisit (one per period): days since the epoch / period. */
export function keyCustomerPeriod(now: Date, periodDays: number): string {
  return `period-${Math.floor(now.getTime() / (periodDays * 24 * HOUR))}`;
}
