import { startOfLocalDay } from './business-hours.rule.js';

/** The half-month report period: the 1st–15th, or the 16th to the end of the month, in shop time. */
export function halfMonthPeriod(year: number, month: number, half: 1 | 2, timeZone: string): { from: Date; to: Date } {
  const pad = (n: number) => String(n).padStart(2, '0');
  const first = `${year}-${pad(month)}-01`;
  const sixteenth = `${year}-${pad(month)}-16`;
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${pad(month + 1)}-01`;
  return half === 1
    ? { from: startOfLocalDay(first, timeZone), to: startOfLocalDay(sixteenth, timeZone) }
    : { from: startOfLocalDay(sixteenth, timeZone), to: startOfLocalDay(next, timeZone) };
}
