import { describe, expect, it } from 'vitest';
import {
  nextPenaltySequence,
  penaltyAmountMinor,
  penaltyMonth,
  planPenaltyChange,
} from '../../src/domain/agent-penalty.rule.js';

const shanghai = 'Asia/Shanghai';

describe('agent penalty: 20 CNY the first time in a month, doubling for each further one', () => {
  it('doubling: 20, 40, 80, 160 CNY for the 1st to 4th penalty of the month', () => {
    expect([1, 2, 3, 4].map((n) => penaltyAmountMinor(n))).toEqual([2000, 4000, 8000, 16000]);
  });

  it('doubling starts from a configured base', () => {
    expect(penaltyAmountMinor(3, 500)).toBe(2000);
  });

  it('refuses a sequence below 1', () => {
    expect(() => penaltyAmountMinor(0)).toThrow(RangeError);
  });

  it('the next penalty takes the number after those in force: 1st, then 2nd, then 3rd', () => {
    expect(nextPenaltySequence([])).toBe(1);
    expect(nextPenaltySequence([1])).toBe(2);
    expect(nextPenaltySequence([1, 2])).toBe(3);
  });
});

describe('agent penalty: the calendar month is the shop’s (SHOP_TIMEZONE)', () => {
  it('month boundary in shop time: 2026-11-30 23:30 Shanghai is November, 2026-12-01 00:30 is December', () => {
    // 23:30 Shanghai on 30 Nov is 15:30 UTC; 00:30 on 1 Dec is 16:30 UTC on 30 Nov (still November in UTC).
    expect(penaltyMonth(new Date('2026-11-30T15:30:00Z'), shanghai)).toBe('2026-11');
    expect(penaltyMonth(new Date('2026-11-30T16:30:00Z'), shanghai)).toBe('2026-12');
  });

  it('month boundary: a second complaint after midnight of the 1st is the new month’s first (20, not 40)', () => {
    const november = penaltyMonth(new Date('2026-11-30T15:30:00Z'), shanghai);
    const december = penaltyMonth(new Date('2026-11-30T16:30:00Z'), shanghai);
    const inForce = new Map<string, number[]>([[november, [1]]]);
    const sequence = nextPenaltySequence(inForce.get(december) ?? []);
    expect(penaltyAmountMinor(sequence)).toBe(2000);
    expect(penaltyAmountMinor(nextPenaltySequence(inForce.get(november) ?? []))).toBe(4000);
  });

  it('the year rolls over in shop time too', () => {
    expect(penaltyMonth(new Date('2026-12-31T16:00:00Z'), shanghai)).toBe('2027-01');
  });
});

describe('agent penalty: reversal and re-imposition when the analysis is corrected', () => {
  const onZhang = { penaltyId: 'p1', agentId: 'zhang' };

  it('imposes on the agent an analysis names for the first time', () => {
    expect(planPenaltyChange([], 'zhang')).toEqual({ reverse: [], imposeOn: 'zhang' });
  });

  it('recording the same analysis again changes nothing (idempotent)', () => {
    expect(planPenaltyChange([onZhang], 'zhang')).toEqual({ reverse: [] });
  });

  it('reversal: a corrected analysis that names no agent reverses the penalty', () => {
    expect(planPenaltyChange([onZhang], undefined)).toEqual({ reverse: [onZhang] });
  });

  it('reversal and imposition: a correction naming another agent reverses the old and imposes on the new', () => {
    expect(planPenaltyChange([onZhang], 'li')).toEqual({ reverse: [onZhang], imposeOn: 'li' });
  });

  it('re-imposition: naming the agent again after a reversal imposes a new penalty', () => {
    expect(planPenaltyChange([], 'zhang')).toEqual({ reverse: [], imposeOn: 'zhang' });
  });

  it('reversal does not renumber: with the 1st reversed, the 2nd keeps 40 and the next is the 3rd (80)', () => {
    const inForceAfterReversal = [2];
    expect(nextPenaltySequence(inForceAfterReversal)).toBe(3);
    expect(penaltyAmountMinor(3)).toBe(8000);
  });

  it('reversing the month’s last penalty frees its number for the next one', () => {
    expect(nextPenaltySequence([1])).toBe(2);
  });

  it('with every penalty of the month reversed, the next is the first again (20)', () => {
    expect(penaltyAmountMinor(nextPenaltySequence([]))).toBe(2000);
  });
});
