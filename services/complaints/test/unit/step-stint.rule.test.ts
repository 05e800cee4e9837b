import { ComplaintStage, Severity } from '@cs/contracts/cs/complaints/v1/complaint';
import { describe, expect, it } from 'vitest';
import { BusinessTimeline } from '../../src/domain/business-timeline.js';
import { defaultStepDeadlinePolicy, stepDueAt } from '../../src/domain/step-deadline.rule.js';
import {
  calendarClock,
  deadlineLookbackMs,
  stepStints,
  stintBusinessMinutes,
  stintDeadline,
} from '../../src/domain/step-stint.rule.js';

const S = ComplaintStage;
// Thursday 2026-12-03, shop time Asia/Shanghai (UTC+8): 09:00 local is 01:00Z.
const at = (local: string) => new Date(`${local}+08:00`);
const policy = defaultStepDeadlinePolicy('Asia/Shanghai');
const clock = calendarClock(policy.calendar);
const row = (stageFrom: string, stageTo: string, local: string) => ({ stageFrom, stageTo, at: at(local) });

describe('time in step: the stays of a file in each step, from its history', () => {
  const opened = at('2026-12-03T09:00:00');
  const history = [
    row(S.COMPLAINT_STAGE_UNSPECIFIED, S.COMPLAINT_STAGE_VERIFYING, '2026-12-03T09:00:00'),
    row(S.COMPLAINT_STAGE_VERIFYING, S.COMPLAINT_STAGE_VERIFYING, '2026-12-03T09:10:00'),
    row(S.COMPLAINT_STAGE_VERIFYING, S.COMPLAINT_STAGE_ANALYSING, '2026-12-03T10:00:00'),
    row(S.COMPLAINT_STAGE_ANALYSING, S.COMPLAINT_STAGE_PROPOSING, '2026-12-03T10:30:00'),
  ];

  it('each stage change ends one stay and begins the next; rows that change nothing do not', () => {
    expect(stepStints(opened, history)).toEqual([
      { stage: S.COMPLAINT_STAGE_VERIFYING, enteredAt: at('2026-12-03T09:00:00'), leftAt: at('2026-12-03T10:00:00') },
      { stage: S.COMPLAINT_STAGE_ANALYSING, enteredAt: at('2026-12-03T10:00:00'), leftAt: at('2026-12-03T10:30:00') },
      { stage: S.COMPLAINT_STAGE_PROPOSING, enteredAt: at('2026-12-03T10:30:00') },
    ]);
  });

  it('a file without an opening row entered verifying when it was opened', () => {
    expect(stepStints(opened, history.slice(2))[0]).toEqual({
      stage: S.COMPLAINT_STAGE_VERIFYING,
      enteredAt: opened,
      leftAt: at('2026-12-03T10:00:00'),
    });
  });

  it('archiving ends the confirming stay and begins none', () => {
    const stints = stepStints(opened, [
      row(S.COMPLAINT_STAGE_EXECUTING, S.COMPLAINT_STAGE_CONFIRMING, '2026-12-03T11:00:00'),
      row(S.COMPLAINT_STAGE_CONFIRMING, S.COMPLAINT_STAGE_ARCHIVED, '2026-12-03T11:45:00'),
    ]);
    expect(stints.at(-1)).toEqual({
      stage: S.COMPLAINT_STAGE_CONFIRMING,
      enteredAt: at('2026-12-03T11:00:00'),
      leftAt: at('2026-12-03T11:45:00'),
    });
    expect(stints.every((s) => s.stage !== S.COMPLAINT_STAGE_ARCHIVED)).toBe(true);
  });

  it('time in step counts business minutes only: 17:00 Thursday to 10:00 Friday is two hours', () => {
    const stint = {
      stage: S.COMPLAINT_STAGE_ANALYSING,
      enteredAt: at('2026-12-03T17:00:00'),
      leftAt: at('2026-12-04T10:00:00'),
    };
    expect(stintBusinessMinutes(stint, clock, new Date())).toBe(120);
  });
});

describe('overdue step: left after its deadline, or still in it past the deadline', () => {
  // Critical files must be verified within 120 business minutes.
  const entered = at('2026-12-03T09:00:00');

  it('left before the deadline: not overdue', () => {
    const d = stintDeadline(
      { stage: S.COMPLAINT_STAGE_VERIFYING, enteredAt: entered, leftAt: at('2026-12-03T10:59:00') },
      Severity.SEVERITY_CRITICAL,
      policy,
      clock,
      at('2026-12-04T09:00:00'),
    );
    expect(d).toEqual({ due: at('2026-12-03T11:00:00'), overdue: false, settled: true });
  });

  it('left after the deadline: overdue', () => {
    const d = stintDeadline(
      { stage: S.COMPLAINT_STAGE_VERIFYING, enteredAt: entered, leftAt: at('2026-12-03T11:30:00') },
      Severity.SEVERITY_CRITICAL,
      policy,
      clock,
      at('2026-12-04T09:00:00'),
    );
    expect(d?.overdue).toBe(true);
  });

  it('still in the step past the deadline: overdue; before it: not settled yet', () => {
    const stint = { stage: S.COMPLAINT_STAGE_VERIFYING, enteredAt: entered };
    expect(stintDeadline(stint, Severity.SEVERITY_CRITICAL, policy, clock, at('2026-12-03T12:00:00'))).toMatchObject({
      overdue: true,
      settled: true,
    });
    expect(stintDeadline(stint, Severity.SEVERITY_CRITICAL, policy, clock, at('2026-12-03T10:00:00'))).toMatchObject({
      overdue: false,
      settled: false,
    });
  });

  it('an unanalysed file is timed as ordinary (a business day to verify)', () => {
    const d = stintDeadline(
      { stage: S.COMPLAINT_STAGE_VERIFYING, enteredAt: entered },
      Severity.SEVERITY_UNSPECIFIED,
      policy,
      clock,
      entered,
    );
    expect(d?.due).toEqual(at('2026-12-03T18:00:00'));
  });
});

describe('the report’s deadlines are the step deadline rule’s', () => {
  it('every stage and severity: the same due time as stepDueAt, on the calendar and on a laid-out timeline', () => {
    const timeline = new BusinessTimeline(policy.calendar, at('2026-11-01T00:00:00'), at('2027-02-01T00:00:00'));
    const stages = [
      S.COMPLAINT_STAGE_VERIFYING,
      S.COMPLAINT_STAGE_ANALYSING,
      S.COMPLAINT_STAGE_PROPOSING,
      S.COMPLAINT_STAGE_EXECUTING,
      S.COMPLAINT_STAGE_CONFIRMING,
    ];
    const severities = [Severity.SEVERITY_ORDINARY, Severity.SEVERITY_SERIOUS, Severity.SEVERITY_CRITICAL];
    for (const entered of [at('2026-12-03T17:45:00'), at('2026-12-05T11:00:00'), at('2026-12-31T08:00:00')])
      for (const stage of stages)
        for (const severity of severities) {
          const expected = stepDueAt(stage, severity, entered, policy);
          const stint = { stage, enteredAt: entered };
          expect(stintDeadline(stint, severity, policy, clock, entered)?.due).toEqual(expected);
          expect(stintDeadline(stint, severity, policy, timeline, entered)?.due).toEqual(expected);
        }
  });
});

describe('report lookback: stays begun before it cannot fall due in the period', () => {
  it('two weeks for the default policy (the longest step is 2700 business minutes, one working week)', () => {
    expect(deadlineLookbackMs(policy)).toBe(14 * 86_400_000);
  });

  it('the longest step of a stay begun at the lookback falls due before the period, holidays included', () => {
    const holidays = {
      ...policy,
      calendar: { ...policy.calendar, holidays: ['2026-11-25', '2026-11-26', '2026-11-27'] },
    };
    for (const p of [policy, holidays]) {
      const from = at('2026-12-07T00:00:00');
      const entered = new Date(from.getTime() - deadlineLookbackMs(p));
      const due = stintDeadline(
        { stage: S.COMPLAINT_STAGE_EXECUTING, enteredAt: entered },
        Severity.SEVERITY_ORDINARY,
        p,
        calendarClock(p.calendar),
        from,
      );
      expect(due!.due.getTime()).toBeLessThan(from.getTime());
    }
  });
});
