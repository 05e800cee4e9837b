import { ComplaintStage, Severity } from '@cs/contracts/cs/complaints/v1/complaint';
import { describe, expect, it } from 'vitest';
import {
  defaultStepDeadlinePolicy,
  parseStageMinutes,
  type StepDeadlineSettings,
  stepDeadlinePolicyFrom,
  stepDueAt,
} from '../../src/domain/step-deadline.rule.js';

// Shop time is Asia/Shanghai (UTC+8); the desk works Monday–Friday 09:00–18:00.
const policy = defaultStepDeadlinePolicy('Asia/Shanghai');
const shanghai = (local: string) => new Date(`${local}+08:00`);
const {
  COMPLAINT_STAGE_VERIFYING: VERIFYING,
  COMPLAINT_STAGE_ANALYSING: ANALYSING,
  COMPLAINT_STAGE_ARCHIVED: ARCHIVED,
} = ComplaintStage;

describe('step deadline rule (每一步的时限, business hours of the shop calendar)', () => {
  it('an ordinary file entering verifying on Thursday 10:00 is due Friday 10:00: the night does not count', () => {
    // 540 business minutes: 480 on Thursday until 18:00, the other 60 from Friday 09:00.
    expect(stepDueAt(VERIFYING, Severity.SEVERITY_ORDINARY, shanghai('2026-12-03T10:00:00'), policy)).toEqual(
      shanghai('2026-12-04T10:00:00'),
    );
  });

  it('a serious file entering verifying on Friday 17:00 is due Monday 12:00: the weekend does not count', () => {
    // 240 business minutes: 60 on Friday, 180 from Monday 09:00.
    expect(stepDueAt(VERIFYING, Severity.SEVERITY_SERIOUS, shanghai('2026-12-04T17:00:00'), policy)).toEqual(
      shanghai('2026-12-07T12:00:00'),
    );
  });

  it('a step entered on Saturday starts counting on Monday at opening time', () => {
    expect(stepDueAt(VERIFYING, Severity.SEVERITY_CRITICAL, shanghai('2026-12-05T14:00:00'), policy)).toEqual(
      shanghai('2026-12-07T11:00:00'),
    );
  });

  it('a step entered before opening counts from 09:00 the same day', () => {
    expect(stepDueAt(VERIFYING, Severity.SEVERITY_CRITICAL, shanghai('2026-12-03T07:30:00'), policy)).toEqual(
      shanghai('2026-12-03T11:00:00'),
    );
  });

  it('the more severe the file, the shorter each step', () => {
    const at = shanghai('2026-12-03T09:00:00');
    const ordinary = stepDueAt(ANALYSING, Severity.SEVERITY_ORDINARY, at, policy)!;
    const serious = stepDueAt(ANALYSING, Severity.SEVERITY_SERIOUS, at, policy)!;
    const critical = stepDueAt(ANALYSING, Severity.SEVERITY_CRITICAL, at, policy)!;
    expect(critical < serious && serious < ordinary).toBe(true);
  });

  it('a file not yet analysed (no severity) runs on the ordinary deadlines', () => {
    const at = shanghai('2026-12-03T09:00:00');
    expect(stepDueAt(VERIFYING, Severity.SEVERITY_UNSPECIFIED, at, policy)).toEqual(
      stepDueAt(VERIFYING, Severity.SEVERITY_ORDINARY, at, policy),
    );
  });

  it('nothing is due once the file is archived', () => {
    expect(stepDueAt(ARCHIVED, Severity.SEVERITY_CRITICAL, shanghai('2026-12-03T09:00:00'), policy)).toBeUndefined();
  });

  it('holidays are skipped like weekends, and the minutes come from config per severity', () => {
    const settings: StepDeadlineSettings = {
      shopTimezone: 'Asia/Shanghai',
      complaintsDeadlineHours: '09:00-12:00,13:00-18:00',
      complaintsDeadlineWorkingDays: '1-5',
      complaintsDeadlineHolidays: '2026-12-04',
      complaintsDeadlineOrdinary: 'verifying=60,analysing=60,proposing=60,executing=60,confirming=60',
      complaintsDeadlineSerious: 'verifying=60,analysing=60,proposing=60,executing=60,confirming=60',
      complaintsDeadlineCritical: 'verifying=30,analysing=30,proposing=30,executing=30,confirming=30',
    };
    const configured = stepDeadlinePolicyFrom(settings);
    // Thursday 17:30: 30 minutes that day, then Friday is a holiday, the weekend, Monday 09:30.
    expect(stepDueAt(VERIFYING, Severity.SEVERITY_ORDINARY, shanghai('2026-12-03T17:30:00'), configured)).toEqual(
      shanghai('2026-12-07T09:30:00'),
    );
    // The lunch break does not count either.
    expect(stepDueAt(VERIFYING, Severity.SEVERITY_CRITICAL, shanghai('2026-12-03T11:45:00'), configured)).toEqual(
      shanghai('2026-12-03T13:15:00'),
    );
  });

  it('stage minutes must name every stage once', () => {
    expect(parseStageMinutes('verifying=1,analysing=2,proposing=3,executing=4,confirming=5')).toMatchObject({
      [VERIFYING]: 1,
    });
    expect(parseStageMinutes('verifying=1,analysing=2,proposing=3,executing=4')).toBeUndefined();
    expect(
      parseStageMinutes('verifying=1,verifying=2,analysing=2,proposing=3,executing=4,confirming=5'),
    ).toBeUndefined();
    expect(parseStageMinutes('verifying=0,analysing=2,proposing=3,executing=4,confirming=5')).toBeUndefined();
    expect(parseStageMinutes('archived=1,analysing=2,proposing=3,executing=4,confirming=5')).toBeUndefined();
  });
});
