import { shopWallClock, wallClockAsUtcMs } from '@cs/shop-time';

/**
 * At most this many marketing contacts per customer per shop day and per shop week (Monday first).
 * One campaign reaching a customer on several channels is one contact.
 */
export interface FrequencyCaps {
  perDay: number;
  perWeek: number;
}

/** Marketing messages a customer already got in the current shop day and week. */
export interface MarketingSentCounts {
  today: number;
  thisWeek: number;
}

const DAY = 86_400_000;

/** Where the shop's current day and week began, as instants: the windows the caps count in. */
export function capWindows(now: Date, timeZone: string): { dayStart: Date; weekStart: Date } {
  const offset = wallClockAsUtcMs(now, timeZone) - Math.floor(now.getTime() / 1000) * 1000;
  const clock = shopWallClock(now, timeZone);
  const midnightWall = Date.UTC(clock.year, clock.month - 1, clock.day);
  const mondayIndex = (new Date(midnightWall).getUTCDay() + 6) % 7;
  return {
    dayStart: new Date(midnightWall - offset),
    weekStart: new Date(midnightWall - mondayIndex * DAY - offset),
  };
}

/**
 * Frequency cap (频次上限): one more marketing message is allowed only while the customer is under
 * both the daily and the weekly cap. Transactional messages are not counted against it.
 */
export function withinFrequencyCap(sent: MarketingSentCounts, caps: FrequencyCaps): boolean {
  return sent.today < caps.perDay && sent.thisWeek < caps.perWeek;
}
