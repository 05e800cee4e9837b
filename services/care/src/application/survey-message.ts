import type { SurveyRecord } from '../domain/survey.js';

const subjectLabel: Record<string, string> = { conversation: '咨询', case: '售后' };

/**
 * The words of a survey as the customer reads them. The survey id is in the text: the gateway that
 * relays the customer's reply records it with RecordSurveyAnswer by that id.
 */
export function surveyMessage(survey: SurveyRecord): { subject: string; body: string } {
  if (survey.kind === 'nps') {
    return {
      subject: '推荐意愿调查',
      body: `您有多大可能把本店推荐给朋友？请回复 0-10 分，可附一句理由。问卷号 ${survey.surveyId}`,
    };
  }
  const about = subjectLabel[survey.subjectKind] ?? '';
  return {
    subject: '服务满意度评价',
    body: `请为本次${about}服务打分：回复 1-5 分（5 为非常满意），可附一句意见。问卷号 ${survey.surveyId}`,
  };
}
