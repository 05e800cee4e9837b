import {
  addBusinessMinutes,
  businessMinutesBetween,
  type ShiftCalendar,
  type ShiftWindow,
  startOfLocalDay,
  wallClockAsUtcMs,
} from '@cs/shop-time';

const dayMs = 86_400_000;
const minuteMs = 60_000;

function merged(shifts: readonly ShiftWindow[]): ShiftWindow[] {
  const out: ShiftWindow[] = [];
  for (const w of [...shifts].sort((a, b) => a.start - b.start)) {
    const last = out.at(-1);
    if (last && w.start <= last.end) last.end = Math.max(last.end, w.end);
    else out.push({ ...w });
  }
  return out;
}

/** The instant a local wall-clock time (local day as UTC-midnight ms, minutes after midnight) occurs. */
function localInstant(localDay: number, minutes: number, timeZone: string): number {
  const wall = localDay + minutes * minuteMs;
  const offset = (at: number) => wallClockAsUtcMs(at, timeZone) - Math.floor(at / 1000) * 1000;
  const guess = wall - offset(wall);
  return wall - offset(guess);
}

/**
 * The same business-time arithmetic as @cs/shop-time (businessMinutesBetween, addBusinessMinutes),
 * for many questions over one stretch of days: the calendar's working spans are laid out once with
 * running totals, so each answer is a binary search instead of a walk through the calendar. A report
 * over thousands of files asks tens of thousands of such questions. Outside the stretch it asks the
 * library.
 */
export class BusinessTimeline {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** Business ms before each span starts. */
  private readonly before: number[] = [];
  private readonly first: number;
  private readonly last: number;

  constructor(
    private readonly calendar: ShiftCalendar,
    from: Date,
    to: Date,
  ) {
    const windows = merged(calendar.shifts);
    const firstDay =
      Date.parse(`${new Date(wallClockAsUtcMs(from, calendar.timeZone)).toISOString().slice(0, 10)}T00:00:00Z`) - dayMs;
    const lastDay =
      Date.parse(`${new Date(wallClockAsUtcMs(to, calendar.timeZone)).toISOString().slice(0, 10)}T00:00:00Z`) + dayMs;
    let total = 0;
    for (let day = firstDay; day <= lastDay; day += dayMs) {
      if (!this.isWorkingDay(day)) continue;
      for (const w of windows) {
        const start = localInstant(day, w.start, calendar.timeZone);
        const end = localInstant(day, w.end, calendar.timeZone);
        if (end <= start) continue;
        this.starts.push(start);
        this.ends.push(end);
        this.before.push(total);
        total += end - start;
      }
    }
    // Only instants inside whole covered days are answered here.
    this.first = startOfLocalDay(new Date(firstDay + dayMs).toISOString().slice(0, 10), calendar.timeZone).getTime();
    this.last = startOfLocalDay(new Date(lastDay).toISOString().slice(0, 10), calendar.timeZone).getTime();
  }

  /** Business minutes between two instants (0 when `to` is not after `from`). */
  minutesBetween(from: Date, to: Date): number {
    if (to <= from) return 0;
    if (!this.covers(from) || !this.covers(to)) return businessMinutesBetween(from, to, this.calendar);
    return (this.elapsed(to.getTime()) - this.elapsed(from.getTime())) / minuteMs;
  }

  /** The instant `minutes` business minutes after `from`. */
  addMinutes(from: Date, minutes: number): Date | undefined {
    if (!this.covers(from)) return addBusinessMinutes(from, minutes, this.calendar);
    const target = this.elapsed(from.getTime()) + Math.max(0, minutes) * minuteMs;
    // The first span that ends at or after the target.
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const endTotal = (this.before[mid] ?? 0) + ((this.ends[mid] ?? 0) - (this.starts[mid] ?? 0));
      if (endTotal < target) lo = mid + 1;
      else hi = mid;
    }
    const start = this.starts[lo];
    if (start === undefined) return addBusinessMinutes(from, minutes, this.calendar);
    const at = Math.max(start + (target - (this.before[lo] ?? 0)), from.getTime());
    return new Date(at);
  }

  private covers(at: Date): boolean {
    return at.getTime() >= this.first && at.getTime() < this.last;
  }

  /** Business ms from the timeline's start to `at`. */
  private elapsed(at: number): number {
    // The last span starting at or before `at`.
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.starts[mid] ?? 0) <= at) lo = mid + 1;
      else hi = mid;
    }
    const i = lo - 1;
    if (i < 0) return 0;
    return (this.before[i] ?? 0) + Math.min(at, this.ends[i] ?? 0) - (this.starts[i] ?? 0);
  }

  private isWorkingDay(localDay: number): boolean {
    const { workingDays, holidays } = this.calendar;
    const isoWeekday = ((new Date(localDay).getUTCDay() + 6) % 7) + 1;
    if (workingDays && !workingDays.includes(isoWeekday)) return false;
    return !holidays?.includes(new Date(localDay).toISOString().slice(0, 10));
  }
}
