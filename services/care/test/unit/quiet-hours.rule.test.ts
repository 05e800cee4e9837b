import { describe, expect, it } from 'vitest';
import { parseQuietHours, quietHoursHoldUntil } from '../../src/domain/quiet-hours.rule.js';

const quiet = parseQuietHours('22:00-08:00')!;
const shanghai = 'Asia/Shanghai';
const holdAt = (iso: string) => quietHoursHoldUntil(new Date(iso), shanghai, quiet)?.toISOString();

describe('quiet hours (免打扰) 22:00–08:00 shop time: held until the window opens, not dropped', () => {
  it('a message at 10:00 shop time goes now', () => {
    expect(holdAt('2026-12-03T02:00:00Z')).toBeUndefined();
  });

  it('a message at 23:30 shop time is held until 08:00 the next shop day', () => {
    // 15:30Z = 23:30 Shanghai on 3 Dec → 08:00 Shanghai 4 Dec = 00:00Z 4 Dec.
    expect(holdAt('2026-12-03T15:30:00Z')).toBe('2026-12-04T00:00:00.000Z');
  });

  it('a message at 03:00 shop time is held until 08:00 the same shop day', () => {
    // 19:00Z 3 Dec = 03:00 Shanghai 4 Dec.
    expect(holdAt('2026-12-03T19:00:00Z')).toBe('2026-12-04T00:00:00.000Z');
  });

  it('the window edges: 22:00 is quiet, 08:00 is open, 21:59 is open', () => {
    expect(holdAt('2026-12-03T14:00:00Z')).toBe('2026-12-04T00:00:00.000Z');
    expect(holdAt('2026-12-04T00:00:00Z')).toBeUndefined();
    expect(holdAt('2026-12-03T13:59:00Z')).toBeUndefined();
  });

  it('counts in the shop time zone, not UTC: 23:30 UTC is 07:30 in Shanghai (quiet), 09:30 in Tokyo is not', () => {
    expect(holdAt('2026-12-03T23:30:00Z')).toBe('2026-12-04T00:00:00.000Z');
    expect(quietHoursHoldUntil(new Date('2026-12-04T00:30:00Z'), 'Asia/Tokyo', quiet)).toBeUndefined();
  });

  it('a window that does not wrap midnight (12:00–14:00) holds until 14:00', () => {
    const lunch = parseQuietHours('12:00-14:00')!;
    expect(quietHoursHoldUntil(new Date('2026-12-03T04:30:00Z'), shanghai, lunch)?.toISOString()).toBe(
      '2026-12-03T06:00:00.000Z',
    );
  });

  it('rejects malformed windows', () => {
    expect(parseQuietHours('22-08')).toBeUndefined();
    expect(parseQuietHours('25:00-08:00')).toBeUndefined();
    expect(parseQuietHours('08:00-08:00')).toBeUndefined();
  });
});
