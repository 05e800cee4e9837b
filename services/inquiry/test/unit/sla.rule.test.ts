import { SlaMetric } from '@cs/contracts/cs/inquiry/v1/conversation';
import { describe, expect, it } from 'vitest';
import { HANDBOOK_SHIFTS, parseShifts, type ShiftCalendar } from '../../src/domain/business-hours.rule.js';
import { readSlaClocks, type SlaFacts, warningDue } from '../../src/domain/sla.rule.js';

const calendar: ShiftCalendar = { timeZone: 'Asia/Shanghai', shifts: parseShifts(HANDBOOK_SHIFTS)! };
const at = (local: string) => new Date(`${local}+08:00`);
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
const clock = (readings: ReturnType<typeof readSlaClocks>, metric: SlaMetric) =>
  readings.find((r) => r.metric === metric);

describe('SLA clocks in business minutes', () => {
  it('first response: near breach at 80% of the target, breached past it', () => {
    const near = clock(
      readSlaClocks(facts(), targets, at('2026-11-22T09:08:00'), calendar),
      SlaMetric.SLA_METRIC_FIRST_RESPONSE,
    );
    expect(near).toMatchObject({ elapsedMinutes: 8, nearBreach: true, breached: false, stopped: false });
    const late = clock(
      readSlaClocks(facts(), targets, at('2026-11-22T09:11:00'), calendar),
      SlaMetric.SLA_METRIC_FIRST_RESPONSE,
    );
    expect(late).toMatchObject({ breached: true });
  });

  it('a contact at night is not late by morning: the clock starts with the shift', () => {
    const night = facts({ openedAt: at('2026-11-22T02:00:00') });
    const reading = clock(
      readSlaClocks(night, targets, at('2026-11-22T08:05:00'), calendar),
      SlaMetric.SLA_METRIC_FIRST_RESPONSE,
    );
    expect(reading).toMatchObject({ elapsedMinutes: 5, breached: false, nearBreach: false });
  });

  it('the first reply stops the first-response clock', () => {
    const answered = facts({ firstResponseAt: at('2026-11-22T09:04:00') });
    expect(
      clock(readSlaClocks(answered, targets, at('2026-11-22T12:00:00'), calendar), SlaMetric.SLA_METRIC_FIRST_RESPONSE),
    ).toMatchObject({ elapsedMinutes: 4, stopped: true, breached: false });
  });

  it('next response runs from the unanswered customer message', () => {
    const waiting = facts({
      firstResponseAt: at('2026-11-22T09:01:00'),
      awaitingReplySince: at('2026-11-22T09:30:00'),
    });
    expect(
      clock(readSlaClocks(waiting, targets, at('2026-11-22T09:55:00'), calendar), SlaMetric.SLA_METRIC_NEXT_RESPONSE),
    ).toMatchObject({ elapsedMinutes: 25, breached: true });
  });

  it('resolution is paused while waiting on the customer', () => {
    const paused = facts({
      firstResponseAt: at('2026-11-22T09:01:00'),
      pauses: [{ from: at('2026-11-22T09:30:00'), to: at('2026-11-22T11:30:00') }],
    });
    expect(
      clock(readSlaClocks(paused, targets, at('2026-11-22T11:45:00'), calendar), SlaMetric.SLA_METRIC_RESOLUTION),
    ).toMatchObject({ elapsedMinutes: 45, breached: false });
  });

  it('closing stops the resolution clock', () => {
    const closed = facts({ firstResponseAt: at('2026-11-22T09:01:00'), closedAt: at('2026-11-22T10:00:00') });
    expect(
      clock(readSlaClocks(closed, targets, at('2026-11-23T10:00:00'), calendar), SlaMetric.SLA_METRIC_RESOLUTION),
    ).toMatchObject({ elapsedMinutes: 60, stopped: true });
  });
});

describe('SLA warnings are raised once per clock', () => {
  const first = (now: string) =>
    clock(readSlaClocks(facts(), targets, at(now), calendar), SlaMetric.SLA_METRIC_FIRST_RESPONSE)!;

  it('near breach once, then the breach once, and nothing more', () => {
    expect(warningDue(first('2026-11-22T09:05:00'), undefined)).toBeUndefined();
    expect(warningDue(first('2026-11-22T09:08:00'), undefined)).toBe('near');
    expect(warningDue(first('2026-11-22T09:09:00'), 'near')).toBeUndefined();
    expect(warningDue(first('2026-11-22T09:11:00'), 'near')).toBe('breached');
    expect(warningDue(first('2026-11-22T09:11:00'), undefined)).toBe('breached');
    expect(warningDue(first('2026-11-22T09:30:00'), 'breached')).toBeUndefined();
  });

  it('a stopped clock (answered) raises nothing, however late the answer was', () => {
    const answered = clock(
      readSlaClocks(
        facts({ firstResponseAt: at('2026-11-22T09:15:00') }),
        targets,
        at('2026-11-22T09:20:00'),
        calendar,
      ),
      SlaMetric.SLA_METRIC_FIRST_RESPONSE,
    )!;
    expect(answered.stopped).toBe(true);
    expect(warningDue(answered, undefined)).toBeUndefined();
  });
});
