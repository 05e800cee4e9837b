import { wallClockAsUtcMs } from './index.js';

/** A working window in the shop's local time, minutes after midnight: 09:00–18:00 is {540, 1080}. */
export interface ShiftWindow {
  start: number;
  end: number;
}

/**
 * When the clock of a business-hours deadline runs, in the shop's time zone. Without `workingDays`
 * every day is a working day (the front line's shifts); with it only those ISO weekdays
 * (1 = Monday … 7 = Sunday) count, and never a listed holiday (YYYY-MM-DD, shop date).
 */
export interface ShiftCalendar {
  timeZone: string;
  shifts: ShiftWindow[];
  workingDays?: readonly number[];
  holidays?: readonly string[];
}

/** A stretch when the clock does not run (waiting on the customer); open while `to` is null. */
export interface Pause {
  from: Date;
  to: Date | null;
}

const windowPattern = /^([01]\d|2[0-4]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;

/** Parses `HH:MM-HH:MM,…`; undefined when any window is malformed or empty. */
export function parseShifts(raw: string): ShiftWindow[] | undefined {
  const windows: ShiftWindow[] = [];
  for (const part of raw.split(',').map((p) => p.trim())) {
    const m = windowPattern.exec(part);
    if (!m) return undefined;
    const start = Number(m[1]) * 60 + Number(m[2]);
    const end = Number(m[3]) * 60 + Number(m[4]);
    if (end <= start || end > 1440) return undefined;
    windows.push({ start, end });
  }
  return windows;
}

/** Parses ISO weekdays as `1-5` or `1,2,3,6`; undefined when malformed or empty. */
export function parseWorkingDays(raw: string): number[] | undefined {
  const days = new Set<number>();
  for (const part of raw.split(',').map((p) => p.trim())) {
    const m = /^([1-7])(?:-([1-7]))?$/.exec(part);
    if (!m) return undefined;
    const from = Number(m[1]);
    const to = Number(m[2] ?? m[1]);
    if (to < from) return undefined;
    for (let d = from; d <= to; d++) days.add(d);
  }
  return [...days].sort();
}

/** Parses `YYYY-MM-DD,…` (empty = none); undefined when a date is malformed. */
export function parseHolidays(raw: string): string[] | undefined {
  if (raw.trim() === '') return [];
  const dates = raw.split(',').map((p) => p.trim());
  const valid = dates.every(
    (d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
  );
  return valid ? dates : undefined;
}

/** Overlapping shifts (the late shift starts before the early one ends) count once. */
function merged(shifts: readonly ShiftWindow[]): ShiftWindow[] {
  const sorted = [...shifts].sort((a, b) => a.start - b.start);
  const out: ShiftWindow[] = [];
  for (const w of sorted) {
    const last = out.at(-1);
    if (last && w.start <= last.end) last.end = Math.max(last.end, w.end);
    else out.push({ ...w });
  }
  return out;
}

function offsetMs(instant: number, timeZone: string): number {
  return wallClockAsUtcMs(instant, timeZone) - Math.floor(instant / 1000) * 1000;
}

/** The instant of a local wall-clock time (day as UTC-midnight ms of the local date). */
function localToInstant(localDayMs: number, minutes: number, timeZone: string): number {
  const wall = localDayMs + minutes * 60_000;
  const guess = wall - offsetMs(wall, timeZone);
  return wall - offsetMs(guess, timeZone);
}

/** The local date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  return new Date(wallClockAsUtcMs(instant.getTime(), timeZone)).toISOString().slice(0, 10);
}

/** The instant a local day starts, for a YYYY-MM-DD date. */
export function startOfLocalDay(date: string, timeZone: string): Date {
  return new Date(localToInstant(Date.parse(`${date}T00:00:00Z`), 0, timeZone));
}

const dayMs = 86_400_000;
// A calendar with no working time at all must not loop forever.
const searchLimitDays = 3_660;

function isWorkingDay(localDayMs: number, calendar: ShiftCalendar): boolean {
  if (calendar.workingDays) {
    const isoWeekday = ((new Date(localDayMs).getUTCDay() + 6) % 7) + 1;
    if (!calendar.workingDays.includes(isoWeekday)) return false;
  }
  if (calendar.holidays?.length) {
    return !calendar.holidays.includes(new Date(localDayMs).toISOString().slice(0, 10));
  }
  return true;
}

/** The calendar's working stretches as instants, day by day from the local day of `from`. */
function* workingSpans(from: Date, calendar: ShiftCalendar): Generator<[number, number]> {
  const windows = merged(calendar.shifts);
  // From the local day before `from`: a window may start before it in UTC terms.
  const firstDay = Date.parse(`${localDate(from, calendar.timeZone)}T00:00:00Z`) - dayMs;
  for (let day = firstDay; day < firstDay + searchLimitDays * dayMs; day += dayMs) {
    if (!isWorkingDay(day, calendar)) continue;
    for (const w of windows) {
      yield [localToInstant(day, w.start, calendar.timeZone), localToInstant(day, w.end, calendar.timeZone)];
    }
  }
}

function mergedPauses(pauses: readonly Pause[], until: number): Array<[number, number]> {
  const spans = pauses
    .map((p): [number, number] => [p.from.getTime(), (p.to ?? new Date(until)).getTime()])
    .filter(([a, b]) => b > a)
    .sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const span of spans) {
    const last = out.at(-1);
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else out.push([...span]);
  }
  return out;
}

function minusPauses(a: number, b: number, pauses: Array<[number, number]>): number {
  let total = b - a;
  for (const [p, q] of pauses) {
    const lo = Math.max(a, p);
    const hi = Math.min(b, q);
    if (hi > lo) total -= hi - lo;
  }
  return total;
}

/**
 * Business minutes between two instants: only time inside the calendar (in the shop's time zone)
 * counts, and none while a pause (waiting on the customer) runs. Fractions of minutes are kept.
 */
export function businessMinutesBetween(
  from: Date,
  to: Date,
  calendar: ShiftCalendar,
  pauses: readonly Pause[] = [],
): number {
  const start = from.getTime();
  const end = to.getTime();
  if (end <= start) return 0;
  const paused = mergedPauses(pauses, end);
  let totalMs = 0;
  for (const [spanStart, spanEnd] of workingSpans(from, calendar)) {
    if (spanStart >= end) break;
    const a = Math.max(start, spanStart);
    const b = Math.min(end, spanEnd);
    if (b > a) totalMs += minusPauses(a, b, paused);
  }
  return totalMs / 60_000;
}

/**
 * The instant `minutes` business minutes after `from`: a deadline that stops at closing time and
 * goes on at the next working opening (overnight, over a weekend or a holiday). Undefined only for
 * a calendar with no working time in ten years.
 */
export function addBusinessMinutes(from: Date, minutes: number, calendar: ShiftCalendar): Date | undefined {
  let remainingMs = Math.max(0, minutes) * 60_000;
  const start = from.getTime();
  for (const [spanStart, spanEnd] of workingSpans(from, calendar)) {
    const a = Math.max(start, spanStart);
    if (spanEnd <= a) continue;
    if (remainingMs <= spanEnd - a) return new Date(a + remainingMs);
    remainingMs -= spanEnd - a;
  }
  return undefined;
}

/**
 * The instant `days` working days after `from` (10 working days to settle a platform complaint):
 * the same time of day on the `days`-th working day after the local day of `from`.
 */
export function addWorkingDays(from: Date, days: number, calendar: ShiftCalendar): Date | undefined {
  const fromDay = Date.parse(`${localDate(from, calendar.timeZone)}T00:00:00Z`);
  const timeOfDay = wallClockAsUtcMs(from.getTime(), calendar.timeZone) - fromDay;
  let counted = 0;
  for (let day = fromDay + dayMs; day < fromDay + searchLimitDays * dayMs; day += dayMs) {
    if (!isWorkingDay(day, calendar)) continue;
    counted += 1;
    if (counted >= days) return new Date(localToInstant(day, timeOfDay / 60_000, calendar.timeZone));
  }
  return undefined;
}
