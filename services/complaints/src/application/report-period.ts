import { ReportPeriod } from '@cs/contracts/cs/complaints/v1/reports_service';
import type { Violations } from '@cs/errors';
import { startOfLocalDay } from '@cs/shop-time';

/** A range of shop days: [from, to) as instants, and its first and last day as YYYY-MM-DD. */
export interface ShopDays {
  from: Date;
  to: Date;
  fromDate: string;
  toDate: string;
}

const dayMs = 86_400_000;
const utcDay = (date: string) => Date.parse(`${date}T00:00:00Z`);
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A real calendar date YYYY-MM-DD (2026-02-30 is not one), years 2000–2999. */
export function isShopDate(raw: string): boolean {
  if (!/^2\d{3}-\d{2}-\d{2}$/.test(raw)) return false;
  const ms = utcDay(raw);
  return !Number.isNaN(ms) && isoDay(ms) === raw;
}

export function isShopMonth(raw: string): boolean {
  return /^2\d{3}-(0[1-9]|1[0-2])$/.test(raw);
}

function days(first: string, dayCount: number, timeZone: string): ShopDays {
  const next = isoDay(utcDay(first) + dayCount * dayMs);
  return {
    from: startOfLocalDay(first, timeZone),
    to: startOfLocalDay(next, timeZone),
    fromDate: first,
    toDate: isoDay(utcDay(next) - dayMs),
  };
}

/** The calendar month YYYY-MM of shop time, from its first local midnight to the next month's. */
export function monthRange(month: string, timeZone: string): ShopDays {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const first = `${month}-01`;
  return days(first, (Date.UTC(year, mon, 1) - utcDay(first)) / dayMs, timeZone);
}

/** The day, or its Monday-to-Sunday week, in shop time. */
export function reportRange(period: ReportPeriod, date: string, timeZone: string): ShopDays {
  if (period === ReportPeriod.REPORT_PERIOD_DAY) return days(date, 1, timeZone);
  const isoWeekday = ((new Date(utcDay(date)).getUTCDay() + 6) % 7) + 1;
  return days(isoDay(utcDay(date) - (isoWeekday - 1) * dayMs), 7, timeZone);
}

export function checkMonth(month: string, violations: Violations): void {
  if (!isShopMonth(month)) violations.add('month', 'must be a month YYYY-MM (shop time), e.g. 2026-12');
}

export function checkReportRequest(period: ReportPeriod, date: string, violations: Violations): void {
  if (period !== ReportPeriod.REPORT_PERIOD_DAY && period !== ReportPeriod.REPORT_PERIOD_WEEK)
    violations.add('period', 'must be REPORT_PERIOD_DAY or REPORT_PERIOD_WEEK');
  if (!isShopDate(date)) violations.add('date', 'must be a calendar date YYYY-MM-DD (shop time), e.g. 2026-12-03');
}
