import { shopWallClock, wallClockAsUtcMs } from '@cs/shop-time';

/** A daily window in shop time when nobody is messaged, e.g. 22:00–08:00 (may wrap midnight). */
export interface QuietHours {
  startMinute: number;
  endMinute: number;
}

/** "22:00-08:00" → minutes of the day; undefined when malformed. */
export function parseQuietHours(text: string): QuietHours | undefined {
  const match = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const [h1, m1, h2, m2] = match.slice(1).map(Number) as [number, number, number, number];
  if (h1 > 23 || h2 > 23 || m1 > 59 || m2 > 59) return undefined;
  const window = { startMinute: h1 * 60 + m1, endMinute: h2 * 60 + m2 };
  return window.startMinute === window.endMinute ? undefined : window;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * Quiet hours (免打扰时段): a message due inside the window is held, not dropped, until the window
 * opens. Returns that instant, or undefined when `now` is outside the window and it may go now.
 */
export function quietHoursHoldUntil(now: Date, timeZone: string, quiet: QuietHours): Date | undefined {
  const clock = shopWallClock(now, timeZone);
  const minute = clock.hour * 60 + clock.minute;
  const wraps = quiet.startMinute > quiet.endMinute;
  const inside = wraps
    ? minute >= quiet.startMinute || minute < quiet.endMinute
    : minute >= quiet.startMinute && minute < quiet.endMinute;
  if (!inside) return undefined;
  const offset = wallClockAsUtcMs(now, timeZone) - Math.floor(now.getTime() / 1000) * 1000;
  const midnightWall = Date.UTC(clock.year, clock.month - 1, clock.day);
  // Past the start of a wrapping window, it opens on the next shop day.
  const openDay = wraps && minute >= quiet.startMinute ? midnightWall + DAY : midnightWall;
  return new Date(openDay + quiet.endMinute * MINUTE - offset);
}
