import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  addWorkingDays,
  businessMinutesBetween,
  parseHolidays,
  parseWorkingDays,
  type ShiftCalendar,
} from '../src/index.js';

const office: ShiftCalendar = {
  timeZone: 'Asia/Shanghai',
  shifts: [{ start: 9 * 60, end: 18 * 60 }],
  workingDays: [1, 2, 3, 4, 5],
  holidays: ['2027-01-01'],
};
const shanghai = (local: string) => new Date(`${local}+08:00`);

describe('business calendar: working days and holidays', () => {
  it('adds business minutes across a night and a weekend', () => {
    expect(addBusinessMinutes(shanghai('2026-12-04T17:00:00'), 120, office)).toEqual(shanghai('2026-12-07T10:00:00'));
  });

  it('adding minutes and counting them back agree', () => {
    const from = shanghai('2026-12-03T16:20:00');
    const due = addBusinessMinutes(from, 777, office)!;
    expect(businessMinutesBetween(from, due, office)).toBeCloseTo(777, 6);
  });

  it('skips a holiday', () => {
    expect(addBusinessMinutes(shanghai('2026-12-31T17:30:00'), 60, office)).toEqual(shanghai('2027-01-04T09:30:00'));
  });

  it('10 working days: the same time on the tenth working day after, weekends and holidays left out', () => {
    // Thursday 2026-12-24 → Fri 25, Mon 28 … Thu 31, (Fri 1 Jan holiday), Mon 4 … Thu 7, Fri 8 = 10th.
    expect(addWorkingDays(shanghai('2026-12-24T11:00:00'), 10, office)).toEqual(shanghai('2027-01-08T11:00:00'));
  });

  it('keeps the local time across a daylight-saving change', () => {
    const newYork: ShiftCalendar = {
      timeZone: 'America/New_York',
      shifts: [{ start: 540, end: 1080 }],
      workingDays: [1, 2, 3, 4, 5],
    };
    // Friday 2026-03-06 17:00 EST + 120 minutes = Monday 2026-03-09 10:00 EDT (clocks went forward on Sunday).
    expect(addBusinessMinutes(new Date('2026-03-06T17:00:00-05:00'), 120, newYork)).toEqual(
      new Date('2026-03-09T10:00:00-04:00'),
    );
  });

  it('a calendar with no working time gives no deadline instead of looping', () => {
    expect(addBusinessMinutes(new Date(), 1, { ...office, workingDays: [] })).toBeUndefined();
  });

  it('parses working days and holidays, refusing malformed ones', () => {
    expect(parseWorkingDays('1-5')).toEqual([1, 2, 3, 4, 5]);
    expect(parseWorkingDays('1,3,6-7')).toEqual([1, 3, 6, 7]);
    expect(parseWorkingDays('5-1')).toBeUndefined();
    expect(parseWorkingDays('0')).toBeUndefined();
    expect(parseHolidays('')).toEqual([]);
    expect(parseHolidays('2027-01-01,2027-02-17')).toEqual(['2027-01-01', '2027-02-17']);
    expect(parseHolidays('2027-02-30')).toBeUndefined();
  });
});
