import { Outbox } from '@cs/bus';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { SurveyRecord } from '../domain/survey.js';
import { type SurveyKindName, surveyChannels } from '../domain/survey.rule.js';
import { SurveyStore } from '../infrastructure/survey.store.js';
import { TimelineStore } from '../infrastructure/timeline.store.js';
import { surveyToProto } from './revisit-mapping.js';
import { surveyMessage } from './survey-message.js';
import { TransactionalMessenger } from './transactional-messenger.js';

/**
 * Sends a survey at most once per subject (one survey per subject rule: the surveys table's unique
 * key); returns undefined when it was sent before. The customer is asked through the transactional
 * messenger in the same transaction, so the one eligibility rule decides: the channel's opt-out
 * stops it, quiet hours hold it, marketing consent and caps do not apply. cs.care.survey.sent
 * announces the survey (reports, timeline); gateways send only what the messenger dispatches.
 */
@Injectable()
export class SurveySender {
  constructor(
    private readonly surveys: SurveyStore,
    private readonly timeline: TimelineStore,
    private readonly messenger: TransactionalMessenger,
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
    // `at` may be the time of a past event; the message cannot leave before now.
    const now = new Date(Math.max(at.getTime(), Date.now()));
    await this.messenger.sendOnFirstReachable(
      em,
      { customerId: sent.customerId, reference: `survey:${sent.surveyId}`, ...surveyMessage(sent) },
      surveyChannels(sent.subjectKind),
      now,
    );
    return sent;
  }
}
