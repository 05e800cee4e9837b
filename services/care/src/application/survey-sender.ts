import { Outbox } from '@cs/bus';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { SurveyRecord } from '../domain/survey.js';
import type { SurveyKindName } from '../domain/survey.rule.js';
import { SurveyStore } from '../infrastructure/survey.store.js';
import { TimelineStore } from '../infrastructure/timeline.store.js';
import { surveyToProto } from './revisit-mapping.js';

/**
 * Sends a survey at most once per subject (one survey per subject rule: the surveys table's unique
 * key) and tells the channel gateways (cs.care.survey.sent); returns undefined when it was sent before.
 */
@Injectable()
export class SurveySender {
  constructor(
    private readonly surveys: SurveyStore,
    private readonly timeline: TimelineStore,
  ) {}

  async send(
    em: EntityManager,
    survey: { customerId: string; kind: SurveyKindName; subjectKind: string; subjectId: string },
    at: Date,
  ): Promise<SurveyRecord | undefined> {
    const sent = await this.surveys.send(em, survey, at);
    if (!sent) return undefined;
    await Outbox.add(
      em,
      'cs.care.survey.sent',
      { survey: surveyToProto(sent) },
      { aggregateId: sent.surveyId, aggregateVersion: 1 },
    );
    await this.timeline.add(em, {
      sourceKey: `survey:${sent.surveyId}:sent`,
      customerId: sent.customerId,
      refKind: 'survey',
      refId: sent.surveyId,
      kind: 'survey',
      occurredAt: at,
      summary: `${sent.kind.toUpperCase()} survey sent (${sent.subjectKind} ${sent.subjectId})`,
    });
    return sent;
  }
}
