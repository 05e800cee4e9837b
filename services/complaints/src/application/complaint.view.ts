import {
  AgreementChannel,
  type Complaint as ComplaintMessage,
  ExecutionStatus,
  type RemedyOption,
} from '@cs/contracts/cs/complaints/v1/complaint';
import type { Complaint } from '../domain/complaint.aggregate.js';
import type { RemedyOptionRecord } from '../domain/complaint-records.js';
import { optionalTimestamp, toTimestamp } from './timestamps.js';

export const remedyView = (o: RemedyOptionRecord): RemedyOption => ({
  optionId: o.optionId,
  kind: o.kind,
  days: o.days,
  amount: o.amount,
  description: o.description,
});

/** The complaint file as the API and the events show it (proto message). */
export function complaintView(c: Complaint): ComplaintMessage {
  const a = c.analysis;
  const e = c.execution;
  return {
    complaintId: c.id,
    number: c.number,
    source: c.source,
    sourceReference: c.sourceReference,
    customer: c.customer,
    conversationId: c.conversationId,
    description: c.description,
    remedySought: c.remedySought,
    facts: {
      orderIds: c.facts.orderIds,
      purchasedAt: optionalTimestamp(c.facts.purchasedAt),
      productModel: c.facts.productModel,
      skus: c.facts.skus,
      whatHappened: c.facts.whatHappened,
      waybillNo: c.facts.waybillNo,
    },
    evidence: c.evidence.map((ev) => ({
      evidenceId: ev.id,
      contentType: ev.contentType,
      description: ev.description,
      sizeBytes: ev.sizeBytes,
      attachedAt: toTimestamp(ev.attachedAt),
      attachedBy: ev.attachedBy,
    })),
    claimedNature: c.claimedNature,
    analysis: a
      ? {
          nature: a.nature,
          severity: a.severity,
          responsibleParty: a.responsibleParty,
          responsibleAgent: a.responsibleAgent,
          rootCause: a.rootCause,
          note: a.note,
          analysedBy: a.analysedBy,
          analysedAt: toTimestamp(a.analysedAt),
          revision: a.revision,
        }
      : undefined,
    rounds: c.rounds.map((r) => ({
      round: r.round,
      options: r.options.map(remedyView),
      proposedBy: r.proposedBy,
      proposedAt: toTimestamp(r.proposedAt),
      chosenOptionId: r.chosenOptionId,
      refused: r.refused,
      answeredVia: r.answeredVia ?? AgreementChannel.AGREEMENT_CHANNEL_UNSPECIFIED,
      answeredAt: optionalTimestamp(r.answeredAt),
      customerWords: r.customerWords,
    })),
    execution: e
      ? {
          remedy: remedyView(e.remedy),
          status: e.status ?? ExecutionStatus.EXECUTION_STATUS_UNSPECIFIED,
          aftersalesCaseId: e.aftersalesCaseId,
          aftersalesCaseState: e.aftersalesCaseState,
          compensationPaid: e.compensationPaid,
          startedAt: toTimestamp(e.startedAt),
          finishedAt: optionalTimestamp(e.finishedAt),
        }
      : undefined,
    stage: c.stage,
    escalationLevel: c.escalationLevel,
    handler: c.handlerAgentId ? { agentId: c.handlerAgentId, name: c.handlerName ?? '' } : undefined,
    stepDueAt: optionalTimestamp(c.stepDueAt),
    externalDeadline: optionalTimestamp(c.externalDeadline),
    incidentId: c.incidentId ?? '',
    evaluation: c.evaluation
      ? {
          score: c.evaluation.score,
          comment: c.evaluation.comment,
          recordedBy: c.evaluation.recordedBy,
          recordedAt: toTimestamp(c.evaluation.recordedAt),
        }
      : undefined,
    revisitDueAt: optionalTimestamp(c.revisitDueAt),
    // Files read without withSteps() (e.g. by a report) show no steps rather than failing.
    steps: (c.steps ?? []).map((s) => ({ action: s.action, actor: s.actor, at: toTimestamp(s.at), note: s.note })),
    openedAt: toTimestamp(c.openedAt),
    archivedAt: optionalTimestamp(c.archivedAt),
    version: c.version,
  };
}
