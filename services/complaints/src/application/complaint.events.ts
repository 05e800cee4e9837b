import { Outbox } from '@cs/bus';
import { ComplaintNature, RemedyKind } from '@cs/contracts/cs/complaints/v1/complaint';
import type { EntityManager } from '@mikro-orm/postgresql';
import { apologyText } from '../domain/apology.rule.js';
import { AFTERSALES_REMEDIES, type Complaint } from '../domain/complaint.aggregate.js';
import { complaintView, remedyView } from './complaint.view.js';
import { toTimestamp } from './timestamps.js';

/**
 * Writes one event per step the file took since step `from` (index into complaint.steps), in the
 * caller's transaction, after the flush that gave the file its new version.
 */
export async function writeComplaintEvents(em: EntityManager, c: Complaint, from: number): Promise<void> {
  const view = complaintView(c);
  const meta = { aggregateId: c.id, aggregateVersion: c.version };
  const complaintVersion = c.version;
  for (const step of c.steps.slice(from)) {
    switch (step.action) {
      case 'opened':
        await Outbox.add(em, 'cs.complaints.complaint.opened', { complaint: view, complaintVersion }, meta);
        // Step 1's first response: inquiry posts it into the customer's conversation.
        await Outbox.add(
          em,
          'cs.complaints.complaint.acknowledged',
          {
            complaintId: c.id,
            number: c.number,
            conversationId: c.conversationId,
            customer: c.customer,
            text: apologyText(c.number),
            acknowledgedAt: toTimestamp(step.at),
            complaintVersion,
          },
          meta,
        );
        break;
      case 'escalated':
        await Outbox.add(
          em,
          'cs.complaints.complaint.escalated',
          {
            complaintId: c.id,
            number: c.number,
            fromLevel: step.escalation?.from ?? c.escalationLevel,
            toLevel: step.escalation?.to ?? c.escalationLevel,
            reason: step.note,
            automatic: step.escalation?.automatic ?? false,
            severity: c.severity,
            escalatedAt: toTimestamp(step.at),
            complaintVersion,
          },
          meta,
        );
        break;
      case 'archived':
        await Outbox.add(
          em,
          'cs.complaints.complaint.archived',
          {
            complaintId: c.id,
            number: c.number,
            customer: c.customer,
            nature: c.nature,
            severity: c.severity,
            handler: view.handler,
            remedy: (c.remedyKind as RemedyKind | null) ?? RemedyKind.REMEDY_KIND_UNSPECIFIED,
            archivedAt: toTimestamp(step.at),
            revisitDueAt: view.revisitDueAt,
            complaintVersion,
          },
          meta,
        );
        break;
      case 'evaluated':
        await Outbox.add(
          em,
          'cs.complaints.complaint.evaluated',
          {
            complaintId: c.id,
            customer: c.customer,
            handler: view.handler,
            score: c.evaluation?.score ?? 0,
            comment: c.evaluation?.comment ?? '',
            evaluatedAt: toTimestamp(step.at),
            complaintVersion,
          },
          meta,
        );
        break;
      default:
        await Outbox.add(
          em,
          'cs.complaints.complaint.advanced',
          { complaint: view, action: step.action, complaintVersion },
          meta,
        );
        if (step.action === 'chosen') await writeRemedyChosen(em, c, meta);
    }
  }
}

/** For after-sales: a chosen remedy that an after-sales case carries out. */
async function writeRemedyChosen(
  em: EntityManager,
  c: Complaint,
  meta: { aggregateId: string; aggregateVersion: number },
): Promise<void> {
  const remedy = c.execution?.remedy;
  if (!remedy || !AFTERSALES_REMEDIES.includes(remedy.kind)) return;
  await Outbox.add(
    em,
    'cs.complaints.complaint.remedy_chosen',
    {
      complaintId: c.id,
      number: c.number,
      customer: c.customer,
      orderId: c.facts.orderIds[0] ?? '',
      skus: c.skus,
      remedy: remedyView(remedy),
      qualityProblem: c.nature === ComplaintNature.COMPLAINT_NATURE_PRODUCT_QUALITY,
      reason: `投诉 ${c.number}: ${c.facts.whatHappened || c.description}`.slice(0, 500),
      complaintVersion: c.version,
    },
    meta,
  );
}
