import type { MessageChannel } from './message-channel.js';

export type SurveyKindName = 'csat' | 'nps';

/** Score scales: CSAT 1..5 (very unsatisfied … very satisfied), NPS 0..10 (likelihood to recommend). */
export const scoreRange: Record<SurveyKindName, { min: number; max: number }> = {
  csat: { min: 1, max: 5 },
  nps: { min: 0, max: 10 },
};

export function isScoreInRange(kind: SurveyKindName, score: number): boolean {
  const range = scoreRange[kind];
  return Number.isInteger(score) && score >= range.min && score <= range.max;
}

/** Low score rule: at or below the configured score, the answer opens a revisit. */
export function isLowScore(kind: SurveyKindName, score: number, lowAtMost: Record<SurveyKindName, number>): boolean {
  return score <= lowAtMost[kind];
}

/**
 * One survey per subject rule: a conversation or a case gets at most one CSAT survey, even when it
 * is reopened and closed again; the identity below is unique in the surveys table.
 */
export function surveySubjectKey(kind: SurveyKindName, subjectKind: string, subjectId: string): string {
  return `${kind}:${subjectKind}:${subjectId}`;
}

/**
 * Survey channel rule: a conversation's survey goes back where the customer talked (IM), any other
 * by SMS first; the first of these that reaches the customer carries it.
 */
export function surveyChannels(subjectKind: string): readonly MessageChannel[] {
  return subjectKind === 'conversation' ? ['im', 'sms', 'email'] : ['sms', 'im', 'email'];
}
