import { type Revisit, RevisitOutcome, RevisitReason, RevisitStatus } from '@cs/contracts/cs/care/v1/revisits_service';
import { type Survey, SurveyKind } from '@cs/contracts/cs/care/v1/surveys_service';
import type { RevisitOutcomeName, RevisitRecord } from '../domain/revisit.js';
import { isOverdue, type RevisitReasonName } from '../domain/revisit.rule.js';
import type { SurveyRecord } from '../domain/survey.js';
import { optionalTimestamp, toTimestamp } from './timestamps.js';

const reasons: Record<RevisitReasonName, RevisitReason> = {
  case_closed: RevisitReason.REVISIT_REASON_CASE_CLOSED,
  complaint_archived: RevisitReason.REVISIT_REASON_COMPLAINT_ARCHIVED,
  low_survey_score: RevisitReason.REVISIT_REASON_LOW_SURVEY_SCORE,
  key_customer: RevisitReason.REVISIT_REASON_KEY_CUSTOMER,
  manual: RevisitReason.REVISIT_REASON_MANUAL,
};

export const outcomes: Record<RevisitOutcomeName, RevisitOutcome> = {
  satisfied: RevisitOutcome.REVISIT_OUTCOME_SATISFIED,
  no_answer: RevisitOutcome.REVISIT_OUTCOME_NO_ANSWER,
  new_problem: RevisitOutcome.REVISIT_OUTCOME_NEW_PROBLEM,
};

export const outcomeFromProto = (outcome: RevisitOutcome): RevisitOutcomeName | undefined =>
  (Object.keys(outcomes) as RevisitOutcomeName[]).find((name) => outcomes[name] === outcome);

export function revisitToProto(revisit: RevisitRecord, now = new Date()): Revisit {
  return {
    revisitId: revisit.revisitId,
    customerId: revisit.customerId,
    reason: reasons[revisit.reason],
    sourceId: revisit.sourceId,
    dueAt: toTimestamp(revisit.dueAt),
    status: revisit.status === 'open' ? RevisitStatus.REVISIT_STATUS_OPEN : RevisitStatus.REVISIT_STATUS_DONE,
    overdue: revisit.status === 'open' && isOverdue(revisit.dueAt, now),
    outcome: revisit.outcome ? outcomes[revisit.outcome] : RevisitOutcome.REVISIT_OUTCOME_UNSPECIFIED,
    note: revisit.note,
    raisedKind: revisit.raisedKind,
    raisedId: revisit.raisedId,
    completedBy: revisit.completedBy,
    completedAt: optionalTimestamp(revisit.completedAt),
  };
}

export function surveyToProto(survey: SurveyRecord): Survey {
  return {
    surveyId: survey.surveyId,
    customerId: survey.customerId,
    kind: survey.kind === 'csat' ? SurveyKind.SURVEY_KIND_CSAT : SurveyKind.SURVEY_KIND_NPS,
    subjectKind: survey.subjectKind,
    subjectId: survey.subjectId,
    sentAt: toTimestamp(survey.sentAt),
    answered: survey.answeredAt !== null,
    score: survey.score ?? 0,
    comment: survey.comment,
    answeredAt: optionalTimestamp(survey.answeredAt),
  };
}
