import { describe, expect, it } from 'vitest';
import { shopDate, shopWallClock, startOfShopDay, wallClockAsUtcMs } from '../src/index.js';

const lateEveningUtc = new Date('2026-11-22T17:30:05.250Z'); // 01:30:05 on the 23rd in Shanghai

describe("the shop's wall clock", () => {
  it('reads the date and hour in the shop’s time zone, not UTC', () => {
    expect(shopWallClock(lateEveningUtc, 'Asia/Shanghai')).toEqual({
      year: 2026,
      month: 11,
      day: 23,
      hour: 1,
      minute: 30,
      second: 5,
    });
    expect(shopDate(lateEveningUtc, 'Asia/Shanghai')).toBe('2026-11-23');
    expect(shopDate(lateEveningUtc, 'UTC')).toBe('2026-11-22');
  });

  it('counts days across a month end', () => {
    expect(shopDate(new Date('2026-11-30T08:00:00Z'), 'Asia/Shanghai', 1)).toBe('2026-12-01');
  });

  it('finds the local midnight that began the shop’s day', () => {
    expect(startOfShopDay(lateEveningUtc, 'Asia/Shanghai').toISOString()).toBe('2026-11-22T16:00:00.000Z');
  });

  it('gives the wall clock as UTC milliseconds for offset arithmetic', () => {
    expect(wallClockAsUtcMs(lateEveningUtc, 'Asia/Shanghai') - Math.floor(lateEveningUtc.getTime() / 1000) * 1000).toBe(
      8 * 3600_000,
    );
  });
});
