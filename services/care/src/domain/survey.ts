import type { SurveyKindName } from './survey.rule.js';

export interface SurveyRecord {
  surveyId: string;
  customerId: string;
  kind: SurveyKindName;
  subjectKind: string;
  subjectId: string;
  sentAt: Date;
  answeredAt: Date | null;
  score: number | null;
  comment: string;
}
