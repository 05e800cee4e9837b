import type { Actor } from '@cs/auth';
import { Outbox } from '@cs/bus';
import type {
  RecordRevisitOutcomeRequest,
  RecordRevisitOutcomeResponse,
} from '@cs/contracts/cs/care/v1/revisits_service';
import { NewProblemRoute } from '@cs/contracts/cs/care/v1/revisits_service';
import { NotFound } from '@cs/errors';
import { earlierOutcome, runIdempotent } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { RevisitRecord } from '../domain/revisit.js';
import { AftersalesClient } from '../infrastructure/aftersales.client.js';
import { ComplaintsClient } from '../infrastructure/complaints.client.js';
import { RevisitStore } from '../infrastructure/revisit.store.js';
import { TimelineStore } from '../infrastructure/timeline.store.js';
import { validateRecordRevisitOutcome } from './record-revisit-outcome.validator.js';
import { outcomeFromProto, revisitToProto } from './revisit-mapping.js';

const operation = 'RecordRevisitOutcome';

/**
 * The outcome of a revisit. A new problem is raised first, as a complaint in complaints or a case in
 * after-sales (keyed by the revisit, so a retry opens no second one), then the revisit is closed
 * naming what it raised.
 */
@Injectable()
export class RecordRevisitOutcomeHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly revisits: RevisitStore,
    private readonly timeline: TimelineStore,
    private readonly complaints: ComplaintsClient,
    private readonly aftersales: AftersalesClient,
  ) {}

  async execute(request: RecordRevisitOutcomeRequest, actor: Actor): Promise<RecordRevisitOutcomeResponse> {
    validateRecordRevisitOutcome(request);
    const earlier = await earlierOutcome<RecordRevisitOutcomeResponse>(this.orm, operation, request);
    if (earlier) return earlier;
    const current = await this.revisits.findForUpdate(this.orm.em.fork(), request.revisitId);
    if (!current) throw new NotFound('revisit', request.revisitId);
    let raised = { kind: '', id: '' };
    const problem = request.newProblem;
    if (problem && current.status === 'open') {
      const description = problem.description.trim();
      raised =
        problem.route === NewProblemRoute.NEW_PROBLEM_ROUTE_AFTERSALES_CASE
          ? {
              kind: 'case',
              id: await this.aftersales.open({
                revisitId: current.revisitId,
                customerId: current.customerId,
                orderId: problem.orderId,
                kind: problem.caseKind,
                reason: description,
              }),
            }
          : {
              kind: 'complaint',
              id: await this.complaints.open({
                revisitId: current.revisitId,
                customerId: current.customerId,
                description,
                orderId: problem.orderId,
              }),
            };
    }
    return runIdempotent(this.orm, operation, request, async (em) => {
      const revisit = await this.revisits.findForUpdate(em, request.revisitId);
      if (!revisit) throw new NotFound('revisit', request.revisitId);
      if (revisit.status !== 'open')
        return { error: { rule: 'revisit-completed-once', message: `revisit ${revisit.revisitId} is already done` } };
      const now = new Date();
      const done: RevisitRecord = {
        ...revisit,
        status: 'done',
        outcome: outcomeFromProto(request.outcome) ?? 'satisfied',
        note: request.note.trim(),
        raisedKind: raised.kind,
        raisedId: raised.id,
        completedBy: actor.agentId,
        completedAt: now,
        version: revisit.version + 1,
      };
      await this.revisits.complete(em, done);
      await Outbox.add(
        em,
        'cs.care.revisit.completed',
        { revisit: revisitToProto(done, now) },
        { aggregateId: done.revisitId, aggregateVersion: done.version },
      );
      await this.timeline.add(em, {
        sourceKey: `revisit:${done.revisitId}:completed`,
        customerId: done.customerId,
        refKind: 'revisit',
        refId: done.revisitId,
        kind: 'revisit',
        occurredAt: now,
        summary: `revisit done: ${done.outcome.replace('_', ' ')}${raised.id ? `, ${raised.kind} ${raised.id} raised` : ''}`,
      });
      return { response: { revisit: revisitToProto(done, now) } };
    });
  }
}
