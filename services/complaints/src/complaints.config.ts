import { envInt, envObject, envVar, platformEnvShape, type ServiceDefaults } from '@cs/config';
import { parseHolidays, parseShifts, parseWorkingDays } from '@cs/shop-time';
import {
  DEFAULT_DEADLINE_CRITICAL,
  DEFAULT_DEADLINE_HOURS,
  DEFAULT_DEADLINE_ORDINARY,
  DEFAULT_DEADLINE_SERIOUS,
  DEFAULT_DEADLINE_WORKING_DAYS,
  parseStageMinutes,
} from './domain/step-deadline.rule.js';

const stageMinutesVar = () =>
  envVar('stage=minutes for verifying, analysing, proposing, executing and confirming, comma-separated', (raw) =>
    parseStageMinutes(raw) ? raw : undefined,
  );

/** The platform's variables plus the complaint desk's own. */
export function complaintsConfigSchema(defaults: ServiceDefaults) {
  return envObject({
    ...platformEnvShape(defaults),
    // 回访: the revisit is due this many days after the file is archived.
    COMPLAINTS_REVISIT_AFTER_DAYS: envInt(1, 90).default(3),
    // Step deadlines count business time of the desk's calendar in shop time: hours, ISO weekdays, holidays.
    COMPLAINTS_DEADLINE_HOURS: envVar('HH:MM-HH:MM windows separated by commas, e.g. 09:00-18:00', (raw) =>
      parseShifts(raw) ? raw : undefined,
    ).default(DEFAULT_DEADLINE_HOURS),
    COMPLAINTS_DEADLINE_WORKING_DAYS: envVar('ISO weekdays such as 1-5 or 1,2,3,4,5,6', (raw) =>
      parseWorkingDays(raw) ? raw : undefined,
    ).default(DEFAULT_DEADLINE_WORKING_DAYS),
    COMPLAINTS_DEADLINE_HOLIDAYS: envVar('YYYY-MM-DD dates separated by commas', (raw) =>
      parseHolidays(raw) ? raw : undefined,
    ).default(''),
    // Business minutes per step, per severity: verifying=…,analysing=…,proposing=…,executing=…,confirming=….
    COMPLAINTS_DEADLINE_ORDINARY: stageMinutesVar().default(DEFAULT_DEADLINE_ORDINARY),
    COMPLAINTS_DEADLINE_SERIOUS: stageMinutesVar().default(DEFAULT_DEADLINE_SERIOUS),
    COMPLAINTS_DEADLINE_CRITICAL: stageMinutesVar().default(DEFAULT_DEADLINE_CRITICAL),
    // Platform / 12315 files escalate this many business minutes before their external deadline.
    COMPLAINTS_DEADLINE_EXTERNAL_LEAD_MINUTES: envInt(0, 100_000).default(1_080),
    // How often each replica sweeps for overdue steps, and how many files one transaction claims.
    COMPLAINTS_SWEEP_POLL_MS: envInt(50).default(30_000),
    COMPLAINTS_SWEEP_BATCH_SIZE: envInt(1, 1_000).default(100),
    // Emergency mode: this many complaints with one SKU or one root cause within the window open an incident.
    COMPLAINTS_INCIDENT_THRESHOLD: envInt(2, 10_000).default(10),
    COMPLAINTS_INCIDENT_WINDOW_MINUTES: envInt(1, 43_200).default(60),
    // 奖罚: the month's first penalty of an agent in fen (2000 = 20 CNY); each further one doubles.
    COMPLAINTS_PENALTY_BASE_MINOR: envInt(1, 10_000_000).default(2_000),
  }).transform((config) => ({ ...config, natsServers: config.natsUrl.split(',') }));
}

export type ComplaintsConfig = ReturnType<ReturnType<typeof complaintsConfigSchema>['parse']>;
