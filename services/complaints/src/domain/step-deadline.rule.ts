import { ComplaintStage, Severity } from '@cs/contracts/cs/complaints/v1/complaint';
import { addBusinessMinutes, parseHolidays, parseShifts, parseWorkingDays, type ShiftCalendar } from '@cs/shop-time';

/** The stages a step deadline runs in: every one but ARCHIVED (and UNSPECIFIED). */
export type TimedStage = Exclude<
  ComplaintStage,
  ComplaintStage.COMPLAINT_STAGE_ARCHIVED | ComplaintStage.COMPLAINT_STAGE_UNSPECIFIED
>;

/** Business minutes allowed per stage, for one severity. */
export type StageMinutes = Record<TimedStage, number>;

/**
 * 每一步的时限: each step is due a number of business minutes (the complaint desk's calendar in
 * shop time) after the file entered it; the number depends on the stage and the severity.
 */
export interface StepDeadlinePolicy {
  calendar: ShiftCalendar;
  minutes: Record<Exclude<Severity, Severity.SEVERITY_UNSPECIFIED>, StageMinutes>;
}

/** The desk's office hours and working week by default: Monday–Friday, 09:00–18:00 shop time. */
export const DEFAULT_DEADLINE_HOURS = '09:00-18:00';
export const DEFAULT_DEADLINE_WORKING_DAYS = '1-5';

/** Business minutes per stage, one business day being 540 (09:00–18:00). */
export const DEFAULT_DEADLINE_ORDINARY = 'verifying=540,analysing=540,proposing=1080,executing=2700,confirming=1620';
export const DEFAULT_DEADLINE_SERIOUS = 'verifying=240,analysing=270,proposing=540,executing=1620,confirming=1080';
export const DEFAULT_DEADLINE_CRITICAL = 'verifying=120,analysing=120,proposing=240,executing=1080,confirming=540';

const stageNames: Record<string, TimedStage> = {
  verifying: ComplaintStage.COMPLAINT_STAGE_VERIFYING,
  analysing: ComplaintStage.COMPLAINT_STAGE_ANALYSING,
  proposing: ComplaintStage.COMPLAINT_STAGE_PROPOSING,
  executing: ComplaintStage.COMPLAINT_STAGE_EXECUTING,
  confirming: ComplaintStage.COMPLAINT_STAGE_CONFIRMING,
};

/** Parses `verifying=540,analysing=540,…`; every stage must be named once with 1..100000 minutes. */
export function parseStageMinutes(raw: string): StageMinutes | undefined {
  const out: Partial<StageMinutes> = {};
  for (const part of raw.split(',').map((p) => p.trim())) {
    const m = /^([a-z]+)=(\d{1,6})$/.exec(part);
    const stage = m ? stageNames[m[1] ?? ''] : undefined;
    const minutes = Number(m?.[2]);
    if (!stage || out[stage] !== undefined || minutes < 1 || minutes > 100_000) return undefined;
    out[stage] = minutes;
  }
  return Object.values(stageNames).every((s) => out[s] !== undefined) ? (out as StageMinutes) : undefined;
}

/** The config keys the policy is built from (camelCase, as @cs/config hands them over). */
export interface StepDeadlineSettings {
  shopTimezone: string;
  complaintsDeadlineHours: string;
  complaintsDeadlineWorkingDays: string;
  complaintsDeadlineHolidays: string;
  complaintsDeadlineOrdinary: string;
  complaintsDeadlineSerious: string;
  complaintsDeadlineCritical: string;
}

function parsed<T>(value: T | undefined, key: string): T {
  if (value === undefined) throw new Error(`${key} is malformed`);
  return value;
}

/** The policy from validated config (the schema already rejected malformed values). */
export function stepDeadlinePolicyFrom(config: StepDeadlineSettings): StepDeadlinePolicy {
  return {
    calendar: {
      timeZone: config.shopTimezone,
      shifts: parsed(parseShifts(config.complaintsDeadlineHours), 'COMPLAINTS_DEADLINE_HOURS'),
      workingDays: parsed(parseWorkingDays(config.complaintsDeadlineWorkingDays), 'COMPLAINTS_DEADLINE_WORKING_DAYS'),
      holidays: parsed(parseHolidays(config.complaintsDeadlineHolidays), 'COMPLAINTS_DEADLINE_HOLIDAYS'),
    },
    minutes: {
      [Severity.SEVERITY_ORDINARY]: parsed(
        parseStageMinutes(config.complaintsDeadlineOrdinary),
        'COMPLAINTS_DEADLINE_ORDINARY',
      ),
      [Severity.SEVERITY_SERIOUS]: parsed(
        parseStageMinutes(config.complaintsDeadlineSerious),
        'COMPLAINTS_DEADLINE_SERIOUS',
      ),
      [Severity.SEVERITY_CRITICAL]: parsed(
        parseStageMinutes(config.complaintsDeadlineCritical),
        'COMPLAINTS_DEADLINE_CRITICAL',
      ),
    },
  };
}

/** The policy with the defaults above, for tests and tools. */
export function defaultStepDeadlinePolicy(timeZone = 'Asia/Shanghai'): StepDeadlinePolicy {
  return stepDeadlinePolicyFrom({
    shopTimezone: timeZone,
    complaintsDeadlineHours: DEFAULT_DEADLINE_HOURS,
    complaintsDeadlineWorkingDays: DEFAULT_DEADLINE_WORKING_DAYS,
    complaintsDeadlineHolidays: '',
    complaintsDeadlineOrdinary: DEFAULT_DEADLINE_ORDINARY,
    complaintsDeadlineSerious: DEFAULT_DEADLINE_SERIOUS,
    complaintsDeadlineCritical: DEFAULT_DEADLINE_CRITICAL,
  });
}

/**
 * Step deadline rule: when the step the file just entered is due. Counts business minutes only
 * (a step entered Friday evening is due during the next working week); an unanalysed file counts
 * as ordinary. Undefined once archived: nothing is due any more.
 */
export function stepDueAt(
  stage: ComplaintStage,
  severity: Severity,
  enteredAt: Date,
  policy: StepDeadlinePolicy,
): Date | undefined {
  if (stage === ComplaintStage.COMPLAINT_STAGE_ARCHIVED || stage === ComplaintStage.COMPLAINT_STAGE_UNSPECIFIED) {
    return undefined;
  }
  const bySeverity = severity === Severity.SEVERITY_UNSPECIFIED ? Severity.SEVERITY_ORDINARY : severity;
  return addBusinessMinutes(enteredAt, policy.minutes[bySeverity][stage], policy.calendar);
}
