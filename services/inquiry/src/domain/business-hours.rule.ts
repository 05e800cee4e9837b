import { wallClockAsUtcMs } from '@cs/shop-time';
/** A shift window in the shop's local time, minutes after midnight: 08:00–12:00 is {480, 720}. */
export interface ShiftWindow {
  start: number;
  end: number;
}

export interface ShiftCalendar {
  timeZone: string;
  shifts: ShiftWindow[];
}

/** A stretch when the clock does not run (waiting on the customer); open while `to` is null. */
export interface Pause {
  from: Date;
  to: Date | null;
}

/** The handbook's shifts: early 08:00–12:00 and 12:00–17:30, late 15:00–18:00 and 18:00–24:00. */
export const HANDBOOK_SHIFTS = '08:00-12:00,12:00-17:30,15:00-18:00,18:00-24:00';

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

const dayMs = 86_400_000;

/**
 * Business minutes between two instants: only time inside the shift calendar (in the shop's time
 * zone) counts, and none while a pause (waiting on the customer) runs. Fractions of minutes are kept.
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
  const windows = merged(calendar.shifts);
  const paused = mergedPauses(pauses, end);
  // From the local day before `from` (a window may start before it in UTC terms) to the day of `to`.
  let day = Date.parse(`${localDate(from, calendar.timeZone)}T00:00:00Z`) - dayMs;
  const lastDay = Date.parse(`${localDate(to, calendar.timeZone)}T00:00:00Z`);
  let totalMs = 0;
  for (; day <= lastDay; day += dayMs) {
    for (const w of windows) {
      const a = Math.max(start, localToInstant(day, w.start, calendar.timeZone));
      const b = Math.min(end, localToInstant(day, w.end, calendar.timeZone));
      if (b > a) totalMs += minusPauses(a, b, paused);
    }
  }
  return totalMs / 60_000;
}
