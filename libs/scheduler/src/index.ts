export { assertIdentifiers, claimDue } from './claim-due.js';
export type { DueWork, DueWorkTick } from './due-work.js';
export { DueWorkScheduler, type DueWorkSchedulerOptions } from './due-work.scheduler.js';
