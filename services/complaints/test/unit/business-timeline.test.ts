import { addBusinessMinutes, businessMinutesBetween, type ShiftCalendar } from '@cs/shop-time';
import { describe, expect, it } from 'vitest';
import { BusinessTimeline } from '../../src/domain/business-timeline.js';

const calendars: [string, ShiftCalendar][] = [
  [
    'office hours Mon–Fri with a holiday',
    {
      timeZone: 'Asia/Shanghai',
      shifts: [{ start: 540, end: 1080 }],
      workingDays: [1, 2, 3, 4, 5],
      holidays: ['2027-01-01'],
    },
  ],
  [
    'overlapping shifts every day',
    {
      timeZone: 'Asia/Shanghai',
      shifts: [
        { start: 480, end: 720 },
        { start: 700, end: 1050 },
        { start: 1080, end: 1440 },
      ],
    },
  ],
  [
    'a zone with daylight saving',
    { timeZone: 'Europe/Berlin', shifts: [{ start: 480, end: 1020 }], workingDays: [1, 2, 3, 4, 5, 6] },
  ],
];

// A fixed pseudo-random sequence: the comparison is reproducible.
function* instants(count: number, from: number, spanMs: number) {
  let seed = 42;
  for (let i = 0; i < count; i++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    yield new Date(from + Math.floor(((seed / 2 ** 31) * spanMs) / 60_000) * 60_000);
  }
}

describe('business timeline: the shop-time calendar laid out once answers as the calendar does', () => {
  const from = Date.parse('2026-10-20T00:00:00Z');
  const span = 120 * 86_400_000;
  for (const [name, calendar] of calendars) {
    it(`${name}: minutes between two instants and a deadline after N business minutes`, () => {
      const timeline = new BusinessTimeline(calendar, new Date(from), new Date(from + span + 30 * 86_400_000));
      const points = [...instants(200, from, span)];
      for (const [i, a] of points.entries()) {
        const b = points[(i * 7 + 3) % points.length]!;
        expect(timeline.minutesBetween(a, b)).toBeCloseTo(businessMinutesBetween(a, b, calendar), 6);
        const minutes = 1 + ((i * 37) % 3000);
        expect(timeline.addMinutes(a, minutes)).toEqual(addBusinessMinutes(a, minutes, calendar));
      }
    });
  }

  it('outside the laid-out days it asks the calendar', () => {
    const [, calendar] = calendars[0]!;
    const timeline = new BusinessTimeline(calendar, new Date('2026-12-01T00:00:00Z'), new Date('2026-12-10T00:00:00Z'));
    const late = new Date('2027-03-03T02:00:00Z');
    expect(timeline.addMinutes(late, 600)).toEqual(addBusinessMinutes(late, 600, calendar));
    expect(timeline.minutesBetween(late, new Date('2027-03-05T02:00:00Z'))).toBe(
      businessMinutesBetween(late, new Date('2027-03-05T02:00:00Z'), calendar),
    );
  });
});
