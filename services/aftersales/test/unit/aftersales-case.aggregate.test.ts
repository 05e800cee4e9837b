import {
  CaseKind,
  CaseOutcome,
  CaseState,
  InspectionOutcome,
  OriginSource,
  ParcelProblem,
  RefundMethod,
  ReimbursementStatus,
} from '@cs/contracts/cs/aftersales/v1/case';
import { InvalidArgument, RuleViolation } from '@cs/errors';
import { describe, expect, it } from 'vitest';
import { AftersalesCase } from '../../src/domain/aftersales-case.aggregate.js';
import type { ConcreteCaseKind } from '../../src/domain/case-lifecycle.js';

const agent = { agentId: 'a-9', name: '王五' };
const at = new Date('2026-11-22T03:00:00Z');
const cny = (amountMinor: number) => ({ amountMinor, currency: 'CNY' });
const waybill = { courier: '顺丰', trackingNumber: 'SF100' };
const passed = { undamaged: true, packagingComplete: true, resellable: true };
const none = InspectionOutcome.INSPECTION_OUTCOME_UNSPECIFIED;

function kase(kind: ConcreteCaseKind, extra: Partial<AftersalesCase> = {}): AftersalesCase {
  const c = AftersalesCase.open(
    {
      kind,
      customer: { customerId: 'buyer-1', displayName: '李四' },
      orderId: 'TB1001',
      origin: { source: OriginSource.ORIGIN_SOURCE_AGENT, reference: '' },
      reason: '尺码不合适',
      qualityProblem: false,
      parcelProblem: ParcelProblem.PARCEL_PROBLEM_UNSPECIFIED,
      items: [{ sku: 'MUG-RED', title: '红色马克杯', quantity: 1, attributes: {} }],
      requestedAmount: cny(1999),
      extendReceiptDays: 0,
    },
    at,
  );
  return Object.assign(c, { version: 1 }, extra);
}

function ruleOf(action: () => void): string {
  try {
    action();
  } catch (error) {
    if (error instanceof RuleViolation) return error.rule;
    throw error;
  }
  throw new Error('expected a RuleViolation');
}

const photo = { id: 'e1', contentType: 'image/jpeg', description: '破损', sizeBytes: 10, attachedAt: at.toISOString() };

describe('quality claims need photo evidence, verified before approval', () => {
  it('refuses to approve a quality claim without evidence', () => {
    const c = kase(CaseKind.CASE_KIND_RETURN_AND_REFUND, { qualityProblem: true });
    expect(ruleOf(() => c.approve(agent, at))).toBe('aftersales.quality-claim.verified-evidence');
    expect(c.state).toBe(CaseState.CASE_STATE_REQUESTED);
  });

  it('refuses to verify before any evidence is attached', () => {
    const c = kase(CaseKind.CASE_KIND_RETURN_AND_REFUND, { qualityProblem: true });
    expect(ruleOf(() => c.verifyEvidence(agent, at, true, ''))).toBe('aftersales.quality-claim.verify-needs-evidence');
  });

  it('refuses to approve when the evidence did not bear out the claim', () => {
    const c = kase(CaseKind.CASE_KIND_RETURN_AND_REFUND, { qualityProblem: true });
    c.attachEvidence([photo]);
    c.verifyEvidence(agent, at, false, '照片看不出问题');
    expect(ruleOf(() => c.approve(agent, at))).toBe('aftersales.quality-claim.verified-evidence');
  });

  it('approves once the evidence is attached and verified', () => {
    const c = kase(CaseKind.CASE_KIND_RETURN_AND_REFUND, { qualityProblem: true });
    c.attachEvidence([photo]);
    c.verifyEvidence(agent, at, true, '裂纹清晰');
    c.approve(agent, at);
    expect(c.state).toBe(CaseState.CASE_STATE_APPROVED);
  });

  it('takes evidence only before the case is decided', () => {
    const c = kase(CaseKind.CASE_KIND_REFUND_ONLY);
    c.approve(agent, at);
    expect(ruleOf(() => c.attachEvidence([photo]))).toBe('aftersales.quality-claim.evidence-before-decision');
  });

  it('a claim without a quality problem needs no evidence', () => {
    const c = kase(CaseKind.CASE_KIND_REFUND_ONLY);
    c.approve(agent, at);
    expect(c.state).toBe(CaseState.CASE_STATE_APPROVED);
  });
});

describe('shipping-fee liability: the reimbursement of advanced return postage is a tracked obligation', () => {
  function qualityReturn(): AftersalesCase {
    const c = kase(CaseKind.CASE_KIND_RETURN_AND_REFUND, { qualityProblem: true });
    c.attachEvidence([photo]);
    c.verifyEvidence(agent, at, true, '');
    c.approve(agent, at);
    return c;
  }

  it('a quality problem requires the postage the customer advanced with the return waybill', () => {
    expect(ruleOf(() => qualityReturn().registerReturnWaybill(agent, at, waybill))).toBe(
      'aftersales.shipping-fee-liability.advanced-postage-required',
    );
  });

  it('is owed from the waybill, due on receipt, and paid once', () => {
    const c = qualityReturn();
    c.registerReturnWaybill(agent, at, waybill, cny(1200));
    expect(c.postageReimbursement?.status).toBe(ReimbursementStatus.REIMBURSEMENT_STATUS_PENDING_RECEIPT);
    expect(ruleOf(() => c.reimburseReturnPostage(agent, at, RefundMethod.REFUND_METHOD_ALIPAY, ''))).toBe(
      'aftersales.shipping-fee-liability.reimburse-after-receipt',
    );
    c.receiveGoods(agent, at, passed, none, '');
    expect(c.postageReimbursement?.status).toBe(ReimbursementStatus.REIMBURSEMENT_STATUS_DUE);
    c.reimburseReturnPostage(agent, at, RefundMethod.REFUND_METHOD_ALIPAY, 'ALI-1');
    expect(c.postageReimbursement).toMatchObject({
      status: ReimbursementStatus.REIMBURSEMENT_STATUS_PAID,
      amount: cny(1200),
    });
    expect(ruleOf(() => c.reimburseReturnPostage(agent, at, RefundMethod.REFUND_METHOD_ALIPAY, ''))).toBe(
      'aftersales.shipping-fee-liability.reimburse-after-receipt',
    );
  });

  it('must be paid before the case completes', () => {
    const c = qualityReturn();
    c.registerReturnWaybill(agent, at, waybill, cny(1200));
    c.receiveGoods(agent, at, passed, none, '');
    c.recordRefund(agent, at, cny(1999), RefundMethod.REFUND_METHOD_ORIGINAL_PAYMENT, 'R1');
    expect(ruleOf(() => c.complete(agent, at))).toBe('aftersales.shipping-fee-liability.reimburse-before-completion');
    expect(() => c.complete(agent, at)).toThrow(
      "the customer's advanced return postage (12.00 CNY) must be reimbursed",
    );
    c.reimburseReturnPostage(agent, at, RefundMethod.REFUND_METHOD_ALIPAY, 'ALI-1');
    c.complete(agent, at);
    expect(c.outcome).toBe(CaseOutcome.CASE_OUTCOME_REFUNDED);
  });

  it('no quality problem: the customer pays the return postage and nothing is owed', () => {
    const c = kase(CaseKind.CASE_KIND_RETURN_AND_REFUND);
    c.approve(agent, at);
    c.registerReturnWaybill(agent, at, waybill, cny(1200));
    expect(c.postageReimbursement ?? undefined).toBeUndefined();
    expect(ruleOf(() => c.reimburseReturnPostage(agent, at, RefundMethod.REFUND_METHOD_ALIPAY, ''))).toBe(
      'aftersales.shipping-fee-liability.reimburse-only-quality-problems',
    );
  });
});

describe('acceptance inspection on receipt', () => {
  function returned(kind: ConcreteCaseKind = CaseKind.CASE_KIND_RETURN_AND_REFUND): AftersalesCase {
    const c = kase(kind);
    c.approve(agent, at);
    c.registerReturnWaybill(agent, at, waybill);
    return c;
  }

  it('passed: goods received and accepted', () => {
    const c = returned();
    c.receiveGoods(agent, at, passed, none, '');
    expect(c.state).toBe(CaseState.CASE_STATE_GOODS_RECEIVED);
    expect(c.inspection?.outcome).toBe(InspectionOutcome.INSPECTION_OUTCOME_ACCEPTED);
  });

  it('failed without an outcome: refused, naming the rule', () => {
    expect(ruleOf(() => returned().receiveGoods(agent, at, { ...passed, undamaged: false }, none, ''))).toBe(
      'aftersales.acceptance.failed-inspection-needs-outcome',
    );
  });

  it('failed and rejected: the case is rejected with the reason and the failed checks', () => {
    const c = returned();
    c.receiveGoods(
      agent,
      at,
      { ...passed, packagingComplete: false },
      InspectionOutcome.INSPECTION_OUTCOME_REJECTED,
      '外盒缺失',
    );
    expect(c.state).toBe(CaseState.CASE_STATE_REJECTED);
    expect(c.rejectionReason).toContain('外盒缺失');
    expect(c.rejectionReason).toContain('packaging incomplete');
    expect(c.history.map((h) => h.action)).toEqual(['approve', 'register-return-waybill', 'receive-goods', 'reject']);
  });

  it('failed and rejected needs the reason', () => {
    expect(() =>
      returned().receiveGoods(
        agent,
        at,
        { ...passed, resellable: false },
        InspectionOutcome.INSPECTION_OUTCOME_REJECTED,
        ' ',
      ),
    ).toThrow(InvalidArgument);
  });

  it('failed and partial: accepted in part, refunded in part', () => {
    const c = returned();
    c.receiveGoods(
      agent,
      at,
      { ...passed, resellable: false },
      InspectionOutcome.INSPECTION_OUTCOME_PARTIAL,
      '吊牌已剪',
    );
    expect(c.inspection?.outcome).toBe(InspectionOutcome.INSPECTION_OUTCOME_PARTIAL);
    expect(ruleOf(() => c.recordRefund(agent, at, cny(1999), RefundMethod.REFUND_METHOD_ORIGINAL_PAYMENT, ''))).toBe(
      'aftersales.acceptance.partial-means-partial-refund',
    );
    c.recordRefund(agent, at, cny(999), RefundMethod.REFUND_METHOD_ORIGINAL_PAYMENT, '');
    expect(c.state).toBe(CaseState.CASE_STATE_REFUNDED);
  });

  it('partial acceptance is only for return-and-refund, not exchange', () => {
    expect(
      ruleOf(() =>
        returned(CaseKind.CASE_KIND_EXCHANGE).receiveGoods(
          agent,
          at,
          { ...passed, resellable: false },
          InspectionOutcome.INSPECTION_OUTCOME_PARTIAL,
          '',
        ),
      ),
    ).toBe('aftersales.acceptance.partial-only-for-refunds');
  });

  it('goods that passed inspection cannot then be rejected', () => {
    const c = returned();
    c.receiveGoods(agent, at, passed, none, '');
    expect(ruleOf(() => c.reject(agent, at, 'no'))).toBe(
      'aftersales.acceptance.reject-after-receipt-needs-failed-inspection',
    );
  });

  it('repairs skip acceptance: the item is faulty by definition', () => {
    const c = returned(CaseKind.CASE_KIND_REPAIR);
    c.receiveGoods(agent, at, { undamaged: false, packagingComplete: false, resellable: false }, none, '屏幕坏');
    expect(c.state).toBe(CaseState.CASE_STATE_GOODS_RECEIVED);
  });
});

describe('refunds', () => {
  it('never exceed the amount requested', () => {
    const c = kase(CaseKind.CASE_KIND_REFUND_ONLY);
    c.approve(agent, at);
    expect(ruleOf(() => c.recordRefund(agent, at, cny(2000), RefundMethod.REFUND_METHOD_ALIPAY, ''))).toBe(
      'aftersales.refund.not-above-requested',
    );
    c.recordRefund(agent, at, cny(1999), RefundMethod.REFUND_METHOD_ALIPAY, 'A1');
    expect(c.refund).toMatchObject({ amount: cny(1999), method: RefundMethod.REFUND_METHOD_ALIPAY });
  });
});

describe('intercept: courier recall with a two-part return slip, warehouse sign-in, then refund', () => {
  const recall = {
    courier: '中通',
    trackingNumber: 'ZT9',
    returnSlipNumber: 'RS-1',
    courierPartHandedOver: true,
    warehousePartKept: true,
  };

  it('the recall needs both parts of the return slip', () => {
    const c = kase(CaseKind.CASE_KIND_INTERCEPT);
    c.approve(agent, at);
    expect(ruleOf(() => c.requestRecall(agent, at, { ...recall, warehousePartKept: false }))).toBe(
      'aftersales.intercept.two-part-return-slip',
    );
  });

  it('the sign-in must match the return slip, records who and when, then the refund follows', () => {
    const c = kase(CaseKind.CASE_KIND_INTERCEPT);
    c.approve(agent, at);
    c.requestRecall(agent, at, recall);
    expect(ruleOf(() => c.signInParcel(agent, at, '仓库小刘', at, 'RS-2'))).toBe(
      'aftersales.intercept.return-slip-matches',
    );
    c.signInParcel(agent, at, '仓库小刘', at, 'RS-1');
    expect(c.signIn).toEqual({
      signedBy: '仓库小刘',
      signedAt: at.toISOString(),
      remark: '原件已收到 仓库小刘 2026-11-22',
    });
    c.recordRefund(agent, at, cny(1999), RefundMethod.REFUND_METHOD_ORIGINAL_PAYMENT, '');
    c.complete(agent, at);
    c.close(agent, at);
    expect(c.state).toBe(CaseState.CASE_STATE_CLOSED);
    expect(c.outcome).toBe(CaseOutcome.CASE_OUTCOME_REFUNDED);
    expect(c.dueAt).toBeNull();
  });
});

describe('how cases end', () => {
  it('a repair ends repaired once the customer has the item back', () => {
    const c = kase(CaseKind.CASE_KIND_REPAIR);
    c.approve(agent, at);
    c.registerReturnWaybill(agent, at, waybill);
    c.receiveGoods(agent, at, passed, none, '');
    c.sendForRepair(agent, at, '官方售后', 'T-1');
    c.repairReturned(agent, at, '已修好');
    c.shipToCustomer(agent, at, waybill);
    c.complete(agent, at);
    expect(c.outcome).toBe(CaseOutcome.CASE_OUTCOME_REPAIRED);
    expect(c.repair).toMatchObject({ provider: '官方售后', providerTicket: 'T-1', note: '已修好' });
  });

  it('a reissue ends replaced; a rejection ends rejected; a found parcel ends resolved', () => {
    const reissue = kase(CaseKind.CASE_KIND_REISSUE);
    reissue.approve(agent, at);
    reissue.shipToCustomer(agent, at, waybill);
    reissue.complete(agent, at);
    expect(reissue.outcome).toBe(CaseOutcome.CASE_OUTCOME_REPLACED);

    const rejected = kase(CaseKind.CASE_KIND_RIGHTS_CLAIM);
    rejected.reject(agent, at, '超过维权期');
    rejected.close(agent, at);
    expect(rejected.outcome).toBe(CaseOutcome.CASE_OUTCOME_REJECTED);

    const parcel = kase(CaseKind.CASE_KIND_PARCEL_PROBLEM, { parcelProblem: ParcelProblem.PARCEL_PROBLEM_NO_UPDATE });
    parcel.approve(agent, at);
    parcel.complete(agent, at);
    expect(parcel.outcome).toBe(CaseOutcome.CASE_OUTCOME_RESOLVED);
  });

  it('every step is in the history, with who, when and the states', () => {
    const c = kase(CaseKind.CASE_KIND_EXTEND_RECEIPT_TIME, { extendReceiptDays: 5 });
    c.approve(agent, at, '延长5天');
    expect(c.history).toEqual([
      {
        action: 'approve',
        from: CaseState.CASE_STATE_REQUESTED,
        to: CaseState.CASE_STATE_APPROVED,
        agent,
        at: at.toISOString(),
        note: '延长5天',
      },
    ]);
  });
});

describe('exchange: the wanted item (换货)', () => {
  const wanted = { sku: 'TEE-L', title: 'T恤 L', quantity: 1, attributes: { 尺码: 'L', 颜色: '蓝色' } };

  it('is set or changed until the replacement is shipped, and recorded in the history', () => {
    const c = kase(CaseKind.CASE_KIND_EXCHANGE, { wantedItem: null });
    c.setWantedItem(agent, at, wanted);
    c.approve(agent, at);
    c.setWantedItem(agent, at, { ...wanted, sku: 'TEE-XL', attributes: { 尺码: 'XL' } });
    expect(c.wantedItem).toEqual({ ...wanted, sku: 'TEE-XL', attributes: { 尺码: 'XL' } });
    expect(c.history.filter((h) => h.action === 'set-wanted-item')).toHaveLength(2);
    expect(c.state).toBe(CaseState.CASE_STATE_APPROVED);
  });

  it('rule wanted-item-before-shipping: refused once the replacement is shipped', () => {
    const c = kase(CaseKind.CASE_KIND_EXCHANGE);
    c.approve(agent, at);
    c.registerReturnWaybill(agent, at, waybill);
    c.receiveGoods(agent, at, passed, none, '');
    c.shipToCustomer(agent, at, waybill);
    expect(ruleOf(() => c.setWantedItem(agent, at, wanted))).toBe('aftersales.exchange.wanted-item-before-shipping');
  });

  it('rule wanted-item-only-for-exchange', () => {
    expect(ruleOf(() => kase(CaseKind.CASE_KIND_REFUND_ONLY).setWantedItem(agent, at, wanted))).toBe(
      'aftersales.exchange.wanted-item-only-for-exchange',
    );
  });
});
