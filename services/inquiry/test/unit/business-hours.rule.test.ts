import { describe, expect, it } from 'vitest';
import {
  businessMinutesBetween,
  HANDBOOK_SHIFTS,
  parseShifts,
  type ShiftCalendar,
} from '../../src/domain/business-hours.rule.js';

// Shanghai is UTC+8: 08:00 local is 00:00Z.
const calendar: ShiftCalendar = { timeZone: 'Asia/Shanghai', shifts: parseShifts(HANDBOOK_SHIFTS)! };
const at = (local: string) => new Date(`${local}+08:00`);

describe('business hours from the shift calendar (early 08:00–17:30, late 15:00–24:00)', () => {
  it('inside a shift, minutes count one for one', () => {
    expect(businessMinutesBetween(at('2026-11-22T09:00:00'), at('2026-11-22T09:45:00'), calendar)).toBe(45);
  });

  it('the night (00:00–08:00) does not count: 23:50 to 08:10 next day is 20 minutes', () => {
    expect(businessMinutesBetween(at('2026-11-22T23:50:00'), at('2026-11-23T08:10:00'), calendar)).toBe(20);
  });

  it('overlapping early and late shifts count once (15:00–17:30 is not doubled)', () => {
    expect(businessMinutesBetween(at('2026-11-22T15:00:00'), at('2026-11-22T17:30:00'), calendar)).toBe(150);
  });

  it('a contact before the shift starts counts from 08:00', () => {
    expect(businessMinutesBetween(at('2026-11-22T06:00:00'), at('2026-11-22T08:30:00'), calendar)).toBe(30);
  });

  it('a whole day counts 16 hours', () => {
    expect(businessMinutesBetween(at('2026-11-22T00:00:00'), at('2026-11-23T00:00:00'), calendar)).toBe(16 * 60);
  });

  it('a pause (waiting on the customer) does not count', () => {
    const pauses = [{ from: at('2026-11-22T10:00:00'), to: at('2026-11-22T10:30:00') }];
    expect(businessMinutesBetween(at('2026-11-22T09:00:00'), at('2026-11-22T11:00:00'), calendar, pauses)).toBe(90);
  });

  it('a pause that is still open stops the clock until now', () => {
    const pauses = [{ from: at('2026-11-22T10:00:00'), to: null }];
    expect(businessMinutesBetween(at('2026-11-22T09:00:00'), at('2026-11-22T11:00:00'), calendar, pauses)).toBe(60);
  });

  it('a pause across the night is not subtracted twice', () => {
    const pauses = [
      { from: at('2026-11-22T23:00:00'), to: at('2026-11-23T09:00:00') },
      { from: at('2026-11-22T23:30:00'), to: at('2026-11-23T08:30:00') },
    ];
    expect(businessMinutesBetween(at('2026-11-22T22:00:00'), at('2026-11-23T10:00:00'), calendar, pauses)).toBe(120);
  });

  it('a time zone with daylight saving: the shifts follow the local clock', () => {
    const berlin: ShiftCalendar = { timeZone: 'Europe/Berlin', shifts: parseShifts('08:00-12:00')! };
    // 2026-03-29: clocks go forward at 02:00; 08:00 local is 06:00Z.
    expect(businessMinutesBetween(new Date('2026-03-29T05:00:00Z'), new Date('2026-03-29T07:00:00Z'), berlin)).toBe(60);
  });

  it('shift strings are validated', () => {
    expect(parseShifts('08:00-12:00,12:00-17:30')).toEqual([
      { start: 480, end: 720 },
      { start: 720, end: 1050 },
    ]);
    expect(parseShifts('12:00-08:00')).toBeUndefined();
    expect(parseShifts('8-12')).toBeUndefined();
  });
});
