import { ComplaintStage, Severity } from '@cs/contracts/cs/complaints/v1/complaint';
import { addBusinessMinutes, businessMinutesBetween, type ShiftCalendar } from '@cs/shop-time';
import type { StepDeadlinePolicy, TimedStage } from './step-deadline.rule.js';

/** Business-time arithmetic on the desk's calendar (a BusinessTimeline answers the same, faster). */
export interface BusinessClock {
  minutesBetween(from: Date, to: Date): number;
  addMinutes(from: Date, minutes: number): Date | undefined;
}

export const calendarClock = (calendar: ShiftCalendar): BusinessClock => ({
  minutesBetween: (from, to) => businessMinutesBetween(from, to, calendar),
  addMinutes: (from, minutes) => addBusinessMinutes(from, minutes, calendar),
});

/** One line of complaint_step as far as reports care: a stage change when from ≠ to. */
export interface StepRow {
  stageFrom: string;
  stageTo: string;
  at: Date;
}

/** A stay of a file in one step: entered, and left (undefined while it is still there). */
export interface StepStint {
  stage: ComplaintStage;
  enteredAt: Date;
  leftAt?: Date;
}

/** The steps a report times, by the names supervisors use. */
export const timedStepNames: ReadonlyMap<string, string> = new Map([
  [ComplaintStage.COMPLAINT_STAGE_VERIFYING, 'verifying'],
  [ComplaintStage.COMPLAINT_STAGE_ANALYSING, 'analysing'],
  [ComplaintStage.COMPLAINT_STAGE_PROPOSING, 'proposing'],
  [ComplaintStage.COMPLAINT_STAGE_EXECUTING, 'executing'],
  [ComplaintStage.COMPLAINT_STAGE_CONFIRMING, 'confirming'],
]);

const isTimed = (stage: string): stage is ComplaintStage => timedStepNames.has(stage);

/**
 * Time in step: the file's stays in each step, read from its history in order. A file enters
 * verifying when it is opened, even if its history has no row for the opening; rows that change
 * nothing (evidence added, an escalation) do not end a stay.
 */
export function stepStints(openedAt: Date, rows: readonly StepRow[]): StepStint[] {
  const stints: StepStint[] = [];
  let current: StepStint | undefined = { stage: ComplaintStage.COMPLAINT_STAGE_VERIFYING, enteredAt: openedAt };
  let openingSeen = false;
  for (const row of rows) {
    if (row.stageFrom === row.stageTo) continue;
    if (!openingSeen && row.stageTo === ComplaintStage.COMPLAINT_STAGE_VERIFYING && !isTimed(row.stageFrom)) {
      // The opening row itself: the stay began at its time.
      if (current) current.enteredAt = row.at;
      openingSeen = true;
      continue;
    }
    openingSeen = true;
    if (current && current.stage === row.stageFrom) {
      current.leftAt = row.at;
      stints.push(current);
    }
    current = isTimed(row.stageTo) ? { stage: row.stageTo, enteredAt: row.at } : undefined;
  }
  if (current) stints.push(current);
  return stints;
}

/** Business minutes a stay lasted (until `now` while it goes on), on the desk's calendar. */
export function stintBusinessMinutes(stint: StepStint, clock: BusinessClock, now: Date): number {
  return clock.minutesBetween(stint.enteredAt, stint.leftAt ?? now);
}

export type StintDeadline = { due: Date; overdue: boolean; settled: boolean };

/**
 * Overdue step: a stay is overdue when the file left the step after its deadline, or is still in it
 * past the deadline. `settled` is false while the deadline is still ahead and the file is still in
 * the step: the report does not count it yet either way. The deadline is the step deadline rule's
 * (step-deadline.rule.ts: minutes per stage and severity, an unanalysed file timed as ordinary).
 */
export function stintDeadline(
  stint: StepStint,
  severity: Severity,
  policy: StepDeadlinePolicy,
  clock: BusinessClock,
  now: Date,
): StintDeadline | undefined {
  const bySeverity = severity === Severity.SEVERITY_UNSPECIFIED ? Severity.SEVERITY_ORDINARY : severity;
  const minutes = policy.minutes[bySeverity]?.[stint.stage as TimedStage];
  const due = minutes === undefined ? undefined : clock.addMinutes(stint.enteredAt, minutes);
  if (!due) return undefined;
  const end = stint.leftAt ?? now;
  return { due, overdue: end.getTime() > due.getTime(), settled: stint.leftAt !== undefined || now >= due };
}

/**
 * How long before a period a stay may have begun and still fall due in it: the longest step
 * deadline of the policy in whole weeks of its calendar, plus a week, plus a day per holiday.
 * Files whose every stay began earlier (and none ended in the period) cannot change the report.
 */
export function deadlineLookbackMs(policy: StepDeadlinePolicy): number {
  const { calendar } = policy;
  const perDay = calendar.shifts.reduce((sum, w) => sum + (w.end - w.start), 0);
  const weekly = Math.max(1, Math.min(perDay, 1440) * (calendar.workingDays?.length ?? 7));
  const longest = Math.max(...Object.values(policy.minutes).flatMap((byStage) => Object.values(byStage)));
  const days = (Math.ceil(longest / weekly) + 1) * 7 + (calendar.holidays?.length ?? 0);
  return days * 86_400_000;
}
