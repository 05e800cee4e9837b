import type { StartNpsRoundRequest, StartNpsRoundResponse } from '@cs/contracts/cs/care/v1/surveys_service';
import { Violations } from '@cs/errors';
import { runIdempotent } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { SurveyStore } from '../infrastructure/survey.store.js';
import { SurveySender } from './survey-sender.js';

const roundName = /^[A-Za-z0-9_-]{1,40}$/;

/** NPS for a random sample of buyers: one NPS survey per customer per round. */
@Injectable()
export class StartNpsRoundHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly surveys: SurveyStore,
    private readonly sender: SurveySender,
  ) {}

  execute(request: StartNpsRoundRequest): Promise<StartNpsRoundResponse> {
    const violations = new Violations();
    if (!roundName.test(request.round)) violations.add('round', 'must be 1..40 letters, digits, - or _ (e.g. 2026-12)');
    if (!Number.isInteger(request.sampleSize) || request.sampleSize < 1 || request.sampleSize > 10_000)
      violations.add('sample_size', 'must be 1..10000');
    violations.require('idempotency_key', request.idempotencyKey);
    violations.throwIfAny();
    return runIdempotent(this.orm, 'StartNpsRound', request, async (em) => {
      const now = new Date();
      const sample = await this.surveys.npsSample(em, request.round, request.sampleSize);
      let sent = 0;
      for (const customerId of sample) {
        const survey = await this.sender.send(
          em,
          { customerId, kind: 'nps', subjectKind: 'nps-round', subjectId: `${request.round}:${customerId}` },
          now,
        );
        if (survey) sent++;
      }
      return { response: { sent } };
    });
  }
}
