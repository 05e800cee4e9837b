import { SlaMetric } from '@cs/contracts/cs/inquiry/v1/conversation';
import { describe, expect, it } from 'vitest';
import { HANDBOOK_SHIFTS, parseShifts, type ShiftCalendar } from '../../src/domain/business-hours.rule.js';
import { clockKey, nextSlaDue, nextWarningAt, readSlaClocks, type SlaFacts } from '../../src/domain/sla.rule.js';

const calendar: ShiftCalendar = { timeZone: 'Asia/Shanghai', shifts: parseShifts(HANDBOOK_SHIFTS)! };
const at = (local: string) => new Date(`${local}+08:00`);
const plus1ms = (local: string) => new Date(at(local).getTime() + 1);
const targets = { firstResponseMinutes: 10, nextResponseMinutes: 20, resolutionMinutes: 120 };
const facts = (over: Partial<SlaFacts> = {}): SlaFacts => ({
  openedAt: at('2026-11-22T09:00:00'),
  firstResponseAt: null,
  awaitingReplySince: null,
  lastNextResponseMinutes: null,
  closedAt: null,
  pauses: [],
  ...over,
});
const firstResponse = (f: SlaFacts, now: Date) =>
  readSlaClocks(f, targets, now, calendar).find((c) => c.metric === SlaMetric.SLA_METRIC_FIRST_RESPONSE)!;

describe('the next SLA warning time (what the sweep waits for)', () => {
  it('near breach falls due at 80 % of the target, the breach just past the target', () => {
    const now = at('2026-11-22T09:03:00');
    const clock = firstResponse(facts(), now);
    // A millisecond past each threshold, so that the warning reads as due at that instant.
    expect(nextWarningAt(clock, undefined, now, calendar, false)).toEqual(plus1ms('2026-11-22T09:08:00'));
    expect(nextWarningAt(clock, 'near', now, calendar, false)).toEqual(plus1ms('2026-11-22T09:10:00'));
    expect(nextWarningAt(clock, 'breached', now, calendar, false)).toBeUndefined();
  });

  it('the wait runs in business minutes: a contact at closing time falls due in the next shift', () => {
    const opened = at('2026-11-22T23:58:00');
    const now = at('2026-11-22T23:59:00');
    const clock = firstResponse(facts({ openedAt: opened }), now);
    // 1 business minute used, 1 more before midnight; the other 6 to 80 % from 08:00 the next morning.
    expect(nextWarningAt(clock, undefined, now, calendar, false)).toEqual(plus1ms('2026-11-23T08:06:00'));
  });

  it('the warning reads as due at the instant given (80 % of 3 minutes is not exact in binary)', () => {
    const opened = at('2026-11-22T09:00:00');
    const f = facts({ openedAt: opened });
    const targets3 = { ...targets, firstResponseMinutes: 3 };
    const clockAt = (t: Date) =>
      readSlaClocks(f, targets3, t, calendar).find((c) => c.metric === SlaMetric.SLA_METRIC_FIRST_RESPONSE)!;
    const now = at('2026-11-22T09:01:00');
    const near = nextWarningAt(clockAt(now), undefined, now, calendar, false)!;
    expect(clockAt(near).nearBreach).toBe(true);
    const breach = nextWarningAt(clockAt(now), 'near', now, calendar, false)!;
    expect(clockAt(breach).breached).toBe(true);
  });

  it('a warning already due is due now; a paused or stopped clock has none', () => {
    const now = at('2026-11-22T09:09:00');
    const clock = firstResponse(facts(), now);
    expect(nextWarningAt(clock, undefined, now, calendar, false)).toEqual(now);
    const early = at('2026-11-22T09:02:00');
    expect(nextWarningAt(firstResponse(facts(), early), undefined, early, calendar, true)).toBeUndefined();
    const answered = firstResponse(facts({ firstResponseAt: at('2026-11-22T09:01:00') }), now);
    expect(nextWarningAt(answered, undefined, now, calendar, false)).toBeUndefined();
  });

  it('a conversation is next due at the earliest warning over its clocks', () => {
    const now = at('2026-11-22T09:05:00');
    const clocks = readSlaClocks(facts(), targets, now, calendar);
    const first = clocks.find((c) => c.metric === SlaMetric.SLA_METRIC_FIRST_RESPONSE)!;
    expect(nextSlaDue(clocks, {}, now, calendar, false)).toEqual(plus1ms('2026-11-22T09:08:00'));
    // With the first-response breach raised, the resolution clock's near breach (96 min) is next.
    const raised = { [clockKey(first)]: 'breached' as const };
    expect(nextSlaDue(clocks, raised, now, calendar, false)).toEqual(plus1ms('2026-11-22T10:36:00'));
    expect(nextSlaDue(clocks, {}, now, calendar, true)).toBeNull();
  });
});
