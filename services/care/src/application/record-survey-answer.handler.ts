import { Outbox } from '@cs/bus';
import type { RecordSurveyAnswerRequest, RecordSurveyAnswerResponse } from '@cs/contracts/cs/care/v1/surveys_service';
import { NotFound, Violations } from '@cs/errors';
import { runIdempotent } from '@cs/persistence';
import { CONFIG } from '@cs/service-kit';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { CareConfig } from '../care.config.js';
import { isLowScore, isScoreInRange, scoreRange } from '../domain/survey.rule.js';
import { SurveyStore } from '../infrastructure/survey.store.js';
import { TimelineStore } from '../infrastructure/timeline.store.js';
import { lowScoreThresholds } from './care-policy.js';
import { checkUuid } from './field-checks.js';
import { surveyToProto } from './revisit-mapping.js';
import { RevisitPlanner } from './revisit-planner.js';

const DAY = 86_400_000;

/**
 * The customer's answer: recorded once (an answered survey refuses another), published as
 * cs.care.survey.answered for complaints and reports; a low score opens a revisit due the next day.
 */
@Injectable()
export class RecordSurveyAnswerHandler {
  constructor(
    @Inject(CONFIG) private readonly config: CareConfig,
    private readonly orm: MikroORM,
    private readonly surveys: SurveyStore,
    private readonly timeline: TimelineStore,
    private readonly revisits: RevisitPlanner,
  ) {}

  execute(request: RecordSurveyAnswerRequest): Promise<RecordSurveyAnswerResponse> {
    const violations = new Violations();
    checkUuid(violations, 'survey_id', request.surveyId);
    if (!Number.isInteger(request.score) || request.score < 0 || request.score > 10)
      violations.add('score', 'must be 0..10 (CSAT 1..5, NPS 0..10)');
    if (Array.from(request.comment).length > 2000) violations.add('comment', 'must be at most 2000 characters');
    violations.require('idempotency_key', request.idempotencyKey);
    violations.throwIfAny();
    return runIdempotent(this.orm, 'RecordSurveyAnswer', request, async (em) => {
      const survey = await this.surveys.findForUpdate(em, request.surveyId);
      if (!survey) throw new NotFound('survey', request.surveyId);
      if (!isScoreInRange(survey.kind, request.score)) {
        const range = scoreRange[survey.kind];
        // Known only once the survey's kind is: still a malformed request, nothing written.
        new Violations()
          .add('score', `must be ${range.min}..${range.max} for ${survey.kind.toUpperCase()}`)
          .throwIfAny();
      }
      if (survey.answeredAt)
        return { error: { rule: 'survey-answered-once', message: `survey ${survey.surveyId} was answered already` } };
      const now = new Date();
      await this.surveys.answer(em, survey.surveyId, request.score, request.comment.trim(), now);
      const answered = { ...survey, score: request.score, comment: request.comment.trim(), answeredAt: now };
      const low = isLowScore(survey.kind, request.score, lowScoreThresholds(this.config));
      await Outbox.add(
        em,
        'cs.care.survey.answered',
        { survey: surveyToProto(answered), lowScore: low },
        { aggregateId: survey.surveyId, aggregateVersion: 2 },
      );
      await this.timeline.add(em, {
        sourceKey: `survey:${survey.surveyId}:answered`,
        customerId: survey.customerId,
        refKind: 'survey',
        refId: survey.surveyId,
        kind: 'survey',
        occurredAt: now,
        summary: `${survey.kind.toUpperCase()} answered: ${request.score}`,
      });
      if (low) {
        await this.revisits.schedule(
          em,
          {
            customerId: survey.customerId,
            reason: 'low_survey_score',
            sourceKind: 'survey',
            sourceId: survey.surveyId,
            dueAt: new Date(now.getTime() + DAY),
          },
          now,
        );
      }
      return { response: { survey: surveyToProto(answered) } };
    });
  }
}
