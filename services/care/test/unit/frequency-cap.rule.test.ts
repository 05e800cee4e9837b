import { describe, expect, it } from 'vitest';
import { capWindows, withinFrequencyCap } from '../../src/domain/frequency-cap.rule.js';

const caps = { perDay: 1, perWeek: 3 };
const shanghai = 'Asia/Shanghai';

describe('frequency cap (频次上限): at most 1 marketing message a day and 3 a week per customer', () => {
  it('allows the first message of the day and week', () => {
    expect(withinFrequencyCap({ today: 0, thisWeek: 0 }, caps)).toBe(true);
  });

  it('refuses a second message on the same shop day', () => {
    expect(withinFrequencyCap({ today: 1, thisWeek: 1 }, caps)).toBe(false);
  });

  it('refuses a fourth message in the same shop week even on a fresh day', () => {
    expect(withinFrequencyCap({ today: 0, thisWeek: 3 }, caps)).toBe(false);
    expect(withinFrequencyCap({ today: 0, thisWeek: 2 }, caps)).toBe(true);
  });

  it('caps are configurable: 2 a day allows a second message', () => {
    expect(withinFrequencyCap({ today: 1, thisWeek: 1 }, { perDay: 2, perWeek: 3 })).toBe(true);
  });

  it('the shop day begins at midnight shop time, not UTC', () => {
    // 2026-12-02T17:30Z is 01:30 on Thursday 3 December in Shanghai.
    const { dayStart } = capWindows(new Date('2026-12-02T17:30:00Z'), shanghai);
    expect(dayStart.toISOString()).toBe('2026-12-02T16:00:00.000Z');
  });

  it('the shop week begins on Monday midnight shop time', () => {
    // Thursday 3 December 2026 (Shanghai) → Monday 30 November 00:00 Shanghai = 29 Nov 16:00Z.
    const { weekStart } = capWindows(new Date('2026-12-03T10:00:00Z'), shanghai);
    expect(weekStart.toISOString()).toBe('2026-11-29T16:00:00.000Z');
    // On a Monday the week starts that same day.
    expect(capWindows(new Date('2026-11-30T01:00:00Z'), shanghai).weekStart.toISOString()).toBe(
      '2026-11-29T16:00:00.000Z',
    );
    // Sunday night still belongs to the week that started the Monday before.
    expect(capWindows(new Date('2026-11-29T15:59:00Z'), shanghai).weekStart.toISOString()).toBe(
      '2026-11-22T16:00:00.000Z',
    );
  });
});
