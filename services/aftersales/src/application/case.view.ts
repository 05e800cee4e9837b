import { type AftersalesCase as CaseMessage, RefundMethod } from '@cs/contracts/cs/aftersales/v1/case';
import type { AftersalesCase } from '../domain/aftersales-case.aggregate.js';
import { isOverdue } from '../domain/case-deadline.rule.js';
import type { CaseItem, WaybillRecord } from '../domain/case-records.js';
import { shippingFeeLiability } from '../domain/shipping-fee-liability.rule.js';
import { optionalTimestamp, toTimestamp } from './timestamps.js';

const waybill = (w: WaybillRecord | null | undefined) =>
  w ? { courier: w.courier, trackingNumber: w.trackingNumber, registeredAt: toTimestamp(w.at) } : undefined;

// Items stored before attributes existed have none.
const withAttributes = (item: CaseItem): CaseItem => ({ ...item, attributes: item.attributes ?? {} });

/** The case as the API and the events show it (proto message). */
export function caseView(kase: AftersalesCase, now = new Date()): CaseMessage {
  const { verification: v, inspection: i, refund: r, recall, signIn, repair, postageReimbursement: p } = kase;
  return {
    caseId: kase.id,
    kind: kase.kind,
    state: kase.state,
    customer: kase.customer,
    orderId: kase.orderId,
    origin: kase.origin,
    reason: kase.reason,
    qualityProblem: kase.qualityProblem,
    parcelProblem: kase.parcelProblem,
    items: kase.items.map(withAttributes),
    wantedItem: kase.wantedItem ? withAttributes(kase.wantedItem) : undefined,
    requestedAmount: kase.requestedAmount ?? undefined,
    evidence: kase.evidence.map((e) => ({
      evidenceId: e.id,
      contentType: e.contentType,
      description: e.description,
      sizeBytes: e.sizeBytes,
      attachedAt: toTimestamp(e.attachedAt),
    })),
    verification: v
      ? { verified: v.verified, note: v.note, verifiedBy: v.by, verifiedAt: toTimestamp(v.at) }
      : undefined,
    returnWaybill: waybill(kase.returnWaybill),
    inspection: i
      ? {
          undamaged: i.undamaged,
          packagingComplete: i.packagingComplete,
          resellable: i.resellable,
          outcome: i.outcome,
          note: i.note,
          inspectedBy: i.by,
          inspectedAt: toTimestamp(i.at),
        }
      : undefined,
    refund: r
      ? {
          amount: r.amount,
          method: r.method,
          transactionReference: r.transactionReference,
          completedAt: toTimestamp(r.at),
          refundedBy: r.by,
        }
      : undefined,
    outboundShipment: waybill(kase.outboundShipment),
    recall: recall
      ? {
          courier: recall.courier,
          trackingNumber: recall.trackingNumber,
          returnSlipNumber: recall.returnSlipNumber,
          courierPartHandedOver: recall.courierPartHandedOver,
          warehousePartKept: recall.warehousePartKept,
          requestedAt: toTimestamp(recall.at),
        }
      : undefined,
    signIn: signIn
      ? { signedBy: signIn.signedBy, signedAt: toTimestamp(signIn.signedAt), remark: signIn.remark }
      : undefined,
    repair: repair
      ? {
          provider: repair.provider,
          providerTicket: repair.providerTicket,
          sentAt: toTimestamp(repair.sentAt),
          returnedAt: optionalTimestamp(repair.returnedAt),
          note: repair.note,
        }
      : undefined,
    feeLiability: shippingFeeLiability(kase),
    postageReimbursement: p
      ? {
          amount: p.amount,
          status: p.status,
          method: p.method ?? RefundMethod.REFUND_METHOD_UNSPECIFIED,
          transactionReference: p.transactionReference ?? '',
          paidAt: optionalTimestamp(p.paidAt),
        }
      : undefined,
    rejectionReason: kase.rejectionReason ?? '',
    extendReceiptDays: kase.extendReceiptDays,
    redeliveryAddress: kase.redeliveryAddress ?? undefined,
    openedBy: kase.openedBy ?? undefined,
    outcome: kase.outcome,
    history: kase.history.map((h) => ({
      action: h.action,
      fromState: h.from,
      toState: h.to,
      agent: h.agent,
      at: toTimestamp(h.at),
      note: h.note,
    })),
    openedAt: toTimestamp(kase.openedAt),
    updatedAt: toTimestamp(kase.updatedAt),
    dueAt: optionalTimestamp(kase.dueAt),
    overdue: isOverdue(kase.dueAt, now),
    version: kase.version,
  };
}
