/**
 * The shop's wall clock: dates and hours as the department reads them in the shop's time zone
 * (Asia/Shanghai by default), while every instant is stored in UTC. Plain TypeScript, so domain
 * rules can use it; formatters are cached because building one costs more than the rule itself.
 */
export interface ShopClockReading {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let cached = formatters.get(timeZone);
  if (!cached) {
    cached = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, cached);
  }
  return cached;
}

/** What the shop's clock showed at this instant. */
export function shopWallClock(at: Date | number, timeZone: string): ShopClockReading {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(at)
      .map((part) => [part.type, Number(part.value)]),
  );
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** The shop's wall clock at an instant, read as if it were UTC: for offset arithmetic across days. */
export function wallClockAsUtcMs(at: Date | number, timeZone: string): number {
  const c = shopWallClock(at, timeZone);
  return Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second);
}

/** YYYY-MM-DD in the shop's time zone, `days` later (0 = the same day). */
export function shopDate(at: Date | number, timeZone: string, days = 0): string {
  const c = shopWallClock(at, timeZone);
  return new Date(Date.UTC(c.year, c.month - 1, c.day + days)).toISOString().slice(0, 10);
}

/** The instant the shop's day containing `at` began (its local midnight). */
export function startOfShopDay(at: Date, timeZone: string): Date {
  const c = shopWallClock(at, timeZone);
  const sinceMidnight = ((c.hour * 60 + c.minute) * 60 + c.second) * 1000 + (at.getTime() % 1000);
  return new Date(at.getTime() - sinceMidnight);
}

export * from './business-calendar.js';
