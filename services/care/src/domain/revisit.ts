import type { RevisitReasonName } from './revisit.rule.js';

export type RevisitOutcomeName = 'satisfied' | 'no_answer' | 'new_problem';

/** A revisit (回访) task: one per source (case, complaint, survey, period), worked by a care agent. */
export interface RevisitRecord {
  revisitId: string;
  customerId: string;
  reason: RevisitReasonName;
  sourceKind: string;
  sourceId: string;
  dueAt: Date;
  status: 'open' | 'done';
  outcome: RevisitOutcomeName | '';
  note: string;
  raisedKind: string;
  raisedId: string;
  completedBy: string;
  completedAt: Date | null;
  version: number;
}
