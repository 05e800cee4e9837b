import { randomUUID } from 'node:crypto';
import {
  CaseKind,
  CaseOutcome,
  CaseState,
  InspectionOutcome,
  type ParcelProblem,
  type RefundMethod,
  ReimbursementStatus,
} from '@cs/contracts/cs/aftersales/v1/case';
import type { Money } from '@cs/contracts/cs/common/v1/money';
import type { AgentRef, CustomerRef } from '@cs/contracts/cs/common/v1/refs';
import type { Address } from '@cs/contracts/cs/orders/v1/order';
import { InvalidArgument, RuleViolation } from '@cs/errors';
import {
  ACCEPTANCE_RULE,
  type AcceptanceChecks,
  type AcceptanceDecision,
  acceptReturnedGoods,
} from './acceptance.rule.js';
import { caseDeadline } from './case-deadline.rule.js';
import { type CaseAction, type ConcreteCaseKind, kindSlug, nextState } from './case-lifecycle.js';
import type {
  CaseItem,
  CaseOrigin,
  EvidenceRecord,
  HistoryRecord,
  InspectionRecord,
  RecallRecord,
  RefundRecord,
  ReimbursementRecord,
  RepairRecord,
  SignInRecord,
  VerificationRecord,
  WaybillRecord,
} from './case-records.js';
import { moneyText } from './money-text.js';
import { FEE_LIABILITY_RULE, shippingFeeLiability } from './shipping-fee-liability.rule.js';

export interface CaseRequest {
  kind: ConcreteCaseKind;
  customer: CustomerRef;
  orderId: string;
  origin: CaseOrigin;
  /** Makes opening idempotent on the originating reference (e.g. one refund case per cancelled order). */
  originKey?: string;
  reason: string;
  qualityProblem: boolean;
  parcelProblem: ParcelProblem;
  items: CaseItem[];
  wantedItem?: CaseItem;
  requestedAmount?: Money;
  extendReceiptDays: number;
  redeliveryAddress?: Address;
  openedBy?: AgentRef;
}

export const CASE_RULE = {
  qualityClaimNeedsVerifiedEvidence: 'aftersales.quality-claim.verified-evidence',
  evidenceBeforeDecision: 'aftersales.quality-claim.evidence-before-decision',
  verifyNeedsEvidence: 'aftersales.quality-claim.verify-needs-evidence',
  twoPartReturnSlip: 'aftersales.intercept.two-part-return-slip',
  returnSlipMatches: 'aftersales.intercept.return-slip-matches',
  refundNotAboveRequested: 'aftersales.refund.not-above-requested',
  wantedItemOnlyForExchange: 'aftersales.exchange.wanted-item-only-for-exchange',
  wantedItemBeforeShipping: 'aftersales.exchange.wanted-item-before-shipping',
} as const;

// 换货: what the customer wants can change until the replacement leaves the warehouse.
const wantedItemChangeableIn: CaseState[] = [
  CaseState.CASE_STATE_REQUESTED,
  CaseState.CASE_STATE_APPROVED,
  CaseState.CASE_STATE_RETURN_SHIPPED,
  CaseState.CASE_STATE_GOODS_RECEIVED,
];

/** One after-sales case of any kind; every step goes through the kind's lifecycle. */
export class AftersalesCase {
  id!: string;
  kind!: ConcreteCaseKind;
  state!: CaseState;
  customer!: CustomerRef;
  orderId!: string;
  origin!: CaseOrigin;
  originKey?: string | null;
  reason!: string;
  qualityProblem!: boolean;
  parcelProblem!: ParcelProblem;
  items!: CaseItem[];
  wantedItem?: CaseItem | null;
  requestedAmount?: Money | null;
  evidence!: EvidenceRecord[];
  verification?: VerificationRecord | null;
  returnWaybill?: WaybillRecord | null;
  inspection?: InspectionRecord | null;
  refund?: RefundRecord | null;
  outboundShipment?: WaybillRecord | null;
  recall?: RecallRecord | null;
  signIn?: SignInRecord | null;
  repair?: RepairRecord | null;
  postageReimbursement?: ReimbursementRecord | null;
  rejectionReason?: string | null;
  extendReceiptDays!: number;
  redeliveryAddress?: Address | null;
  openedBy?: AgentRef | null;
  outcome!: CaseOutcome;
  history!: HistoryRecord[];
  openedAt!: Date;
  updatedAt!: Date;
  dueAt?: Date | null;
  closedAt?: Date | null;
  closedBy?: AgentRef | null;
  /** Optimistic-locking version, incremented by every committed change. */
  version!: number;

  static open(request: CaseRequest, at: Date): AftersalesCase {
    return Object.assign(new AftersalesCase(), {
      ...request,
      id: randomUUID(),
      state: CaseState.CASE_STATE_REQUESTED,
      originKey: request.originKey ?? null,
      evidence: [],
      outcome: CaseOutcome.CASE_OUTCOME_UNSPECIFIED,
      history: [],
      openedAt: at,
      updatedAt: at,
      dueAt: caseDeadline(CaseState.CASE_STATE_REQUESTED, at),
    });
  }

  /** Quality claims (质量问题) are approved only on evidence that an agent verified. */
  approve(agent: AgentRef, at: Date, note = ''): void {
    nextState(this.kind, this.state, 'approve');
    if (this.qualityProblem && !(this.evidence.length && this.verification?.verified)) {
      throw new RuleViolation(
        CASE_RULE.qualityClaimNeedsVerifiedEvidence,
        'a quality claim is approved only after its photo evidence has been attached and verified',
      );
    }
    this.advance('approve', agent, at, note);
  }

  reject(agent: AgentRef, at: Date, reason: string): void {
    nextState(this.kind, this.state, 'reject');
    if (
      this.state === CaseState.CASE_STATE_GOODS_RECEIVED &&
      this.inspection?.outcome !== InspectionOutcome.INSPECTION_OUTCOME_REJECTED
    ) {
      throw new RuleViolation(
        ACCEPTANCE_RULE.rejectAfterReceiptNeedsFailedInspection,
        'returned goods that passed inspection cannot be rejected',
      );
    }
    this.rejectionReason = reason;
    this.outcome = CaseOutcome.CASE_OUTCOME_REJECTED;
    this.advance('reject', agent, at, reason);
  }

  attachEvidence(records: EvidenceRecord[]): void {
    if (this.state !== CaseState.CASE_STATE_REQUESTED) {
      throw new RuleViolation(
        CASE_RULE.evidenceBeforeDecision,
        `evidence is attached while the case is requested, before it is decided (this ${kindSlug(this.kind)} case is ${this.state})`,
      );
    }
    this.evidence = [...this.evidence, ...records];
  }

  verifyEvidence(agent: AgentRef, at: Date, verified: boolean, note: string): void {
    if (this.state !== CaseState.CASE_STATE_REQUESTED) {
      throw new RuleViolation(CASE_RULE.evidenceBeforeDecision, 'evidence is verified before the case is decided');
    }
    if (!this.evidence.length) {
      throw new RuleViolation(CASE_RULE.verifyNeedsEvidence, 'attach the photo evidence before verifying the claim');
    }
    this.verification = { verified, note, by: agent, at: at.toISOString() };
    this.touch(at);
  }

  /** The customer reports the return waybill; a quality problem makes the advanced postage an obligation. */
  registerReturnWaybill(
    agent: AgentRef,
    at: Date,
    waybill: { courier: string; trackingNumber: string },
    advancedPostage?: Money,
  ): void {
    nextState(this.kind, this.state, 'register-return-waybill');
    if (shippingFeeLiability(this).reimburseAdvancedReturnPostage) {
      if (!advancedPostage) {
        throw new RuleViolation(
          FEE_LIABILITY_RULE.advancedPostageRequired,
          'a quality problem: the shop reimburses the return postage the customer advanced, so give advanced_postage',
        );
      }
      this.postageReimbursement = {
        amount: advancedPostage,
        status: ReimbursementStatus.REIMBURSEMENT_STATUS_PENDING_RECEIPT,
      };
    }
    this.returnWaybill = { ...waybill, at: at.toISOString() };
    this.advance('register-return-waybill', agent, at, `${waybill.courier} ${waybill.trackingNumber}`);
  }

  /**
   * The acceptance inspection on receipt. A failed inspection needs its outcome: rejected (the
   * case is rejected with the note as reason) or, for a return-and-refund, partial.
   */
  receiveGoods(
    agent: AgentRef,
    at: Date,
    checks: AcceptanceChecks,
    failedOutcome: InspectionOutcome,
    note: string,
  ): void {
    nextState(this.kind, this.state, 'receive-goods');
    // Acceptance is for returns and exchanges; an item sent in for repair is faulty by definition.
    const decision: AcceptanceDecision =
      this.kind === CaseKind.CASE_KIND_REPAIR ? { accepted: true } : acceptReturnedGoods(checks);
    let outcome = InspectionOutcome.INSPECTION_OUTCOME_ACCEPTED;
    if (!decision.accepted) {
      if (
        failedOutcome !== InspectionOutcome.INSPECTION_OUTCOME_REJECTED &&
        failedOutcome !== InspectionOutcome.INSPECTION_OUTCOME_PARTIAL
      ) {
        throw new RuleViolation(
          ACCEPTANCE_RULE.failedInspectionNeedsOutcome,
          `the inspection failed (${decision.failures.join('; ')}): choose failed_outcome REJECTED or PARTIAL`,
        );
      }
      if (
        failedOutcome === InspectionOutcome.INSPECTION_OUTCOME_PARTIAL &&
        this.kind !== CaseKind.CASE_KIND_RETURN_AND_REFUND
      ) {
        throw new RuleViolation(
          ACCEPTANCE_RULE.partialOnlyForRefunds,
          `a partial acceptance means a partial refund: only for return-and-refund, not ${kindSlug(this.kind)}`,
        );
      }
      if (failedOutcome === InspectionOutcome.INSPECTION_OUTCOME_REJECTED && !note.trim()) {
        throw InvalidArgument.field(
          'note',
          'is required when the goods are rejected: it is the reason told to the customer',
        );
      }
      outcome = failedOutcome;
    }
    const failures = decision.accepted ? '' : ` [${decision.failures.join('; ')}]`;
    this.inspection = { ...checks, outcome, note, by: agent, at: at.toISOString() };
    if (this.postageReimbursement?.status === ReimbursementStatus.REIMBURSEMENT_STATUS_PENDING_RECEIPT) {
      this.postageReimbursement = {
        ...this.postageReimbursement,
        status: ReimbursementStatus.REIMBURSEMENT_STATUS_DUE,
      };
    }
    this.advance('receive-goods', agent, at, `${outcome}${failures} ${note}`.trim());
    if (outcome === InspectionOutcome.INSPECTION_OUTCOME_REJECTED) this.reject(agent, at, `${note}${failures}`);
  }

  recordRefund(agent: AgentRef, at: Date, amount: Money, method: RefundMethod, transactionReference: string): void {
    nextState(this.kind, this.state, 'refund');
    const requested = this.requestedAmount;
    if (requested && (amount.currency !== requested.currency || amount.amountMinor > requested.amountMinor)) {
      throw new RuleViolation(
        CASE_RULE.refundNotAboveRequested,
        `the refund (${moneyText(amount)}) exceeds the amount requested (${moneyText(requested)})`,
      );
    }
    if (
      requested &&
      this.inspection?.outcome === InspectionOutcome.INSPECTION_OUTCOME_PARTIAL &&
      amount.amountMinor >= requested.amountMinor
    ) {
      throw new RuleViolation(
        ACCEPTANCE_RULE.partialMeansPartialRefund,
        `the goods were accepted only in part: refund less than the ${moneyText(requested)} requested`,
      );
    }
    this.refund = { amount, method, transactionReference, by: agent, at: at.toISOString() };
    this.advance('refund', agent, at, `${moneyText(amount)} ${method}`);
  }

  shipToCustomer(agent: AgentRef, at: Date, waybill: { courier: string; trackingNumber: string }): void {
    nextState(this.kind, this.state, 'ship-to-customer');
    this.outboundShipment = { ...waybill, at: at.toISOString() };
    this.advance('ship-to-customer', agent, at, `${waybill.courier} ${waybill.trackingNumber}`);
  }

  /**
   * 换货: the item the customer wants (SKU, title, attributes), e.g. for a case opened from an
   * orders attribute-change hand-over without one. Changeable only until the replacement is shipped.
   */
  setWantedItem(agent: AgentRef, at: Date, item: CaseItem): void {
    if (this.kind !== CaseKind.CASE_KIND_EXCHANGE) {
      throw new RuleViolation(
        CASE_RULE.wantedItemOnlyForExchange,
        `only an exchange has a wanted item, not a ${kindSlug(this.kind)} case`,
      );
    }
    if (!wantedItemChangeableIn.includes(this.state)) {
      throw new RuleViolation(
        CASE_RULE.wantedItemBeforeShipping,
        `the wanted item is set before the replacement is shipped; this exchange is ${this.state}`,
      );
    }
    this.wantedItem = item;
    const attributes = Object.entries(item.attributes ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    this.record(
      'set-wanted-item',
      agent,
      at,
      `${item.sku} ${item.title}${attributes ? ` (${attributes})` : ''}`.trim(),
    );
  }

  /** 拦截: the courier is asked to recall the parcel; the return slip's two parts go to courier and warehouse. */
  requestRecall(agent: AgentRef, at: Date, recall: Omit<RecallRecord, 'at'>): void {
    nextState(this.kind, this.state, 'request-recall');
    if (!recall.courierPartHandedOver || !recall.warehousePartKept) {
      throw new RuleViolation(
        CASE_RULE.twoPartReturnSlip,
        'the return slip has two parts: one goes to the courier with the recall, one stays with the warehouse',
      );
    }
    this.recall = { ...recall, at: at.toISOString() };
    this.advance(
      'request-recall',
      agent,
      at,
      `${recall.courier} ${recall.trackingNumber} slip ${recall.returnSlipNumber}`,
    );
  }

  /** 原件已收到: the warehouse signs the returned parcel in, against its part of the return slip. */
  signInParcel(agent: AgentRef, at: Date, signedBy: string, signedAt: Date, returnSlipNumber: string): void {
    nextState(this.kind, this.state, 'sign-in-parcel');
    if (this.recall && this.recall.returnSlipNumber !== returnSlipNumber) {
      throw new RuleViolation(
        CASE_RULE.returnSlipMatches,
        `return slip ${returnSlipNumber} is not the one issued with the recall (${this.recall.returnSlipNumber})`,
      );
    }
    const remark = `原件已收到 ${signedBy} ${signedAt.toISOString().slice(0, 10)}`;
    this.signIn = { signedBy, signedAt: signedAt.toISOString(), remark };
    this.advance('sign-in-parcel', agent, at, remark);
  }

  sendForRepair(agent: AgentRef, at: Date, provider: string, providerTicket: string): void {
    nextState(this.kind, this.state, 'send-for-repair');
    this.repair = { provider, providerTicket, sentAt: at.toISOString(), note: '' };
    this.advance('send-for-repair', agent, at, `${provider} ${providerTicket}`.trim());
  }

  repairReturned(agent: AgentRef, at: Date, note: string): void {
    nextState(this.kind, this.state, 'repair-returned');
    this.repair = { ...this.repair!, returnedAt: at.toISOString(), note };
    this.advance('repair-returned', agent, at, note);
  }

  /** The shop pays back the customer's advanced return postage: quality problems only, after receipt. */
  reimburseReturnPostage(agent: AgentRef, at: Date, method: RefundMethod, transactionReference: string): void {
    const owed = this.postageReimbursement;
    if (!owed) {
      throw new RuleViolation(
        FEE_LIABILITY_RULE.reimburseOnlyQualityProblems,
        'only a quality problem makes the shop pay the return postage; this case owes no reimbursement',
      );
    }
    if (owed.status !== ReimbursementStatus.REIMBURSEMENT_STATUS_DUE) {
      throw new RuleViolation(
        FEE_LIABILITY_RULE.reimburseAfterReceipt,
        owed.status === ReimbursementStatus.REIMBURSEMENT_STATUS_PAID
          ? 'the return postage was already reimbursed'
          : 'the return postage is reimbursed once the return has arrived',
      );
    }
    this.postageReimbursement = {
      ...owed,
      status: ReimbursementStatus.REIMBURSEMENT_STATUS_PAID,
      method,
      transactionReference,
      paidAt: at.toISOString(),
    };
    this.history = [
      ...this.history,
      {
        action: 'reimburse-return-postage',
        from: this.state,
        to: this.state,
        agent,
        at: at.toISOString(),
        note: `${moneyText(owed.amount)} ${method}`,
      },
    ];
    this.touch(at);
  }

  complete(agent: AgentRef, at: Date, note = ''): void {
    nextState(this.kind, this.state, 'complete');
    const owed = this.postageReimbursement;
    if (owed && owed.status !== ReimbursementStatus.REIMBURSEMENT_STATUS_PAID) {
      throw new RuleViolation(
        FEE_LIABILITY_RULE.reimburseBeforeCompletion,
        `the customer's advanced return postage (${moneyText(owed.amount)}) must be reimbursed before the case is completed`,
      );
    }
    this.outcome = this.completionOutcome();
    this.advance('complete', agent, at, note);
  }

  close(agent: AgentRef, at: Date): void {
    this.advance('close', agent, at, '');
    this.closedAt = at;
    this.closedBy = agent;
  }

  private completionOutcome(): CaseOutcome {
    if (this.state === CaseState.CASE_STATE_REFUNDED) return CaseOutcome.CASE_OUTCOME_REFUNDED;
    if (this.state === CaseState.CASE_STATE_SHIPPED_TO_CUSTOMER) {
      return this.kind === CaseKind.CASE_KIND_REPAIR
        ? CaseOutcome.CASE_OUTCOME_REPAIRED
        : CaseOutcome.CASE_OUTCOME_REPLACED;
    }
    return CaseOutcome.CASE_OUTCOME_RESOLVED;
  }

  private advance(action: CaseAction, agent: AgentRef, at: Date, note: string): void {
    const to = nextState(this.kind, this.state, action);
    this.history = [...this.history, { action, from: this.state, to, agent, at: at.toISOString(), note }];
    this.state = to;
    this.dueAt = caseDeadline(to, at);
    this.touch(at);
  }

  /** A history entry for a change that does not move the case to another state. */
  private record(action: string, agent: AgentRef, at: Date, note: string): void {
    this.history = [...this.history, { action, from: this.state, to: this.state, agent, at: at.toISOString(), note }];
    this.touch(at);
  }

  private touch(at: Date): void {
    this.updatedAt = at;
  }
}
