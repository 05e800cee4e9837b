import { randomUUID } from 'node:crypto';
import {
  CaseKind,
  CaseOutcome,
  CaseState,
  InspectionOutcome,
  OriginSource,
  PostagePayer,
  RefundMethod,
  ReimbursementStatus,
} from '@cs/contracts/cs/aftersales/v1/case';
import { richErrorDetails } from '@cs/grpc';
import { waitFor } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AftersalesHarness, agent, cny, openRequest, startAftersales } from './aftersales-fixture.js';

let h: AftersalesHarness;
beforeAll(async () => {
  h = await startAftersales();
});
afterAll(() => h?.close());

// note is ignored by the steps that do not take one.
const step = (caseId: string) => ({ caseId, note: '', idempotencyKey: randomUUID() });
const passed = { undamaged: true, packagingComplete: true, resellable: true };
const noFailure = InspectionOutcome.INSPECTION_OUTCOME_UNSPECIFIED;
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

/** The subjects of the events published for a case, in order. */
async function subjectsOf(caseId: string, last: string): Promise<string[]> {
  await waitFor(`${last} for ${caseId}`, () =>
    h.events.ofSubject(last).some((e) => e.headers['ce-subject'] === caseId),
  );
  return h.events.events.filter((e) => e.headers['ce-subject'] === caseId).map((e) => e.subject);
}

async function closeCompleted(caseId: string) {
  await h.cases.completeCase(step(caseId));
  return (await h.cases.closeCase(step(caseId))).case!;
}

describe('each kind of case, end to end through gRPC', () => {
  it('return-and-refund with a quality problem: evidence, verification, waybill, inspection, refund, postage reimbursed, closed', async () => {
    const opened = await h.open(CaseKind.CASE_KIND_RETURN_AND_REFUND, { qualityProblem: true, reason: '杯子有裂纹' });
    expect(opened.state).toBe(CaseState.CASE_STATE_REQUESTED);
    expect(opened.feeLiability).toEqual({
      returnPostage: PostagePayer.POSTAGE_PAYER_SHOP,
      outboundPostage: PostagePayer.POSTAGE_PAYER_SHOP,
      reimburseAdvancedReturnPostage: true,
    });
    const id = opened.caseId;
    const refused = await h.cases.approveCase(step(id)).catch((e) => e);
    expect(refused.code).toBe(status.FAILED_PRECONDITION);
    expect(richErrorDetails(refused.metadata).reason).toBe('aftersales.quality-claim.verified-evidence');

    const withPhoto = await h.cases.attachEvidence({
      ...step(id),
      photos: [{ content: png, contentType: 'image/png', description: '裂纹特写' }],
    });
    const evidence = withPhoto.case!.evidence[0]!;
    expect(evidence).toMatchObject({ contentType: 'image/png', sizeBytes: png.length });
    const stored = await h.cases.getEvidence({ caseId: id, evidenceId: evidence.evidenceId });
    expect(Buffer.from(stored.content)).toEqual(Buffer.from(png));

    await h.cases.verifyEvidence({ ...step(id), verified: true, note: '裂纹清晰' });
    await h.cases.approveCase(step(id));
    await h.cases.registerReturnWaybill({
      ...step(id),
      courier: '顺丰',
      trackingNumber: 'SF1001',
      advancedPostage: cny(1200),
    });
    const received = await h.cases.inspectReturnedGoods({ ...step(id), ...passed, failedOutcome: noFailure, note: '' });
    expect(received.case!.postageReimbursement?.status).toBe(ReimbursementStatus.REIMBURSEMENT_STATUS_DUE);
    await h.cases.recordRefund({
      ...step(id),
      amount: cny(1999),
      method: RefundMethod.REFUND_METHOD_ORIGINAL_PAYMENT,
      transactionReference: 'TRX-1',
    });
    const early = await h.cases.completeCase(step(id)).catch((e) => e);
    expect(richErrorDetails(early.metadata).reason).toBe(
      'aftersales.shipping-fee-liability.reimburse-before-completion',
    );
    await h.cases.reimburseReturnPostage({
      ...step(id),
      method: RefundMethod.REFUND_METHOD_ALIPAY,
      transactionReference: 'ALI-9',
    });
    const closed = await closeCompleted(id);
    expect(closed).toMatchObject({ state: CaseState.CASE_STATE_CLOSED, outcome: CaseOutcome.CASE_OUTCOME_REFUNDED });
    expect(closed.refund).toMatchObject({ amount: cny(1999), method: RefundMethod.REFUND_METHOD_ORIGINAL_PAYMENT });

    expect(await subjectsOf(id, 'cs.aftersales.case.closed')).toEqual([
      'cs.aftersales.case.opened',
      'cs.aftersales.case.approved',
      'cs.aftersales.case.advanced',
      'cs.aftersales.case.goods_received',
      'cs.aftersales.case.refunded',
      'cs.aftersales.case.advanced',
      'cs.aftersales.case.completed',
      'cs.aftersales.case.closed',
    ]);
    const closedEvent = h.events.ofSubject('cs.aftersales.case.closed').find((e) => e.headers['ce-subject'] === id)!;
    expect(closedEvent.data).toMatchObject({
      caseId: id,
      kind: 'CASE_KIND_RETURN_AND_REFUND',
      outcome: 'CASE_OUTCOME_REFUNDED',
      customer: { customerId: 'buyer-1' },
      handledBy: agent,
    });
    expect(Number(closedEvent.data.caseVersion)).toBe(closed.version);
    expect(closedEvent.headers['ce-aggregateversion']).toBe(String(closed.version));
  });

  it('return-and-refund failing inspection: rejected with the reason, then closed', async () => {
    const { caseId: id } = await h.open(CaseKind.CASE_KIND_RETURN_AND_REFUND);
    await h.cases.approveCase(step(id));
    const waybill = await h.cases.registerReturnWaybill({ ...step(id), courier: '中通', trackingNumber: 'ZT1' });
    expect(waybill.case!.feeLiability?.returnPostage).toBe(PostagePayer.POSTAGE_PAYER_CUSTOMER);
    const inspected = await h.cases.inspectReturnedGoods({
      ...step(id),
      ...passed,
      resellable: false,
      failedOutcome: InspectionOutcome.INSPECTION_OUTCOME_REJECTED,
      note: '已使用，影响二次销售',
    });
    expect(inspected.case).toMatchObject({
      state: CaseState.CASE_STATE_REJECTED,
      outcome: CaseOutcome.CASE_OUTCOME_REJECTED,
    });
    expect(inspected.case!.rejectionReason).toContain('已使用');
    const closed = (await h.cases.closeCase(step(id))).case!;
    expect(closed.state).toBe(CaseState.CASE_STATE_CLOSED);
    const rejected = await waitFor('rejected event', () =>
      h.events.ofSubject('cs.aftersales.case.rejected').find((e) => e.headers['ce-subject'] === id),
    );
    expect(rejected.data.reason).toContain('已使用');
  });

  it('exchange: the returned item is inspected, the wanted item shipped', async () => {
    const opened = await h.open(CaseKind.CASE_KIND_EXCHANGE);
    expect(opened.wantedItem?.sku).toBe('MUG-BLUE');
    const id = opened.caseId;
    await h.cases.approveCase(step(id));
    await h.cases.registerReturnWaybill({ ...step(id), courier: '圆通', trackingNumber: 'YT1' });
    await h.cases.inspectReturnedGoods({ ...step(id), ...passed, failedOutcome: noFailure, note: '' });
    const shipped = await h.cases.shipToCustomer({ ...step(id), courier: '顺丰', trackingNumber: 'SF2' });
    expect(shipped.case!.outboundShipment).toMatchObject({ courier: '顺丰', trackingNumber: 'SF2' });
    const closed = await closeCompleted(id);
    expect(closed.outcome).toBe(CaseOutcome.CASE_OUTCOME_REPLACED);
    expect(await subjectsOf(id, 'cs.aftersales.case.closed')).toContain('cs.aftersales.case.replacement_shipped');
  });

  it('refund only: approved and refunded, never above the amount requested', async () => {
    const { caseId: id } = await h.open(CaseKind.CASE_KIND_REFUND_ONLY);
    await h.cases.approveCase(step(id));
    const tooMuch = await h.cases
      .recordRefund({
        ...step(id),
        amount: cny(5000),
        method: RefundMethod.REFUND_METHOD_ALIPAY,
        transactionReference: '',
      })
      .catch((e) => e);
    expect(richErrorDetails(tooMuch.metadata).reason).toBe('aftersales.refund.not-above-requested');
    await h.cases.recordRefund({
      ...step(id),
      amount: cny(1999),
      method: RefundMethod.REFUND_METHOD_ALIPAY,
      transactionReference: 'A',
    });
    expect((await closeCompleted(id)).outcome).toBe(CaseOutcome.CASE_OUTCOME_REFUNDED);
  });

  it('repair: tracked with the provider until the customer has it back', async () => {
    const { caseId: id } = await h.open(CaseKind.CASE_KIND_REPAIR);
    await h.cases.approveCase(step(id));
    await h.cases.registerReturnWaybill({ ...step(id), courier: '顺丰', trackingNumber: 'SF3' });
    await h.cases.inspectReturnedGoods({
      ...step(id),
      ...passed,
      undamaged: false,
      failedOutcome: noFailure,
      note: '不开机',
    });
    const atRepair = await h.cases.sendForRepair({ ...step(id), provider: '品牌官方售后', providerTicket: 'RMA-77' });
    expect(atRepair.case!.state).toBe(CaseState.CASE_STATE_AT_REPAIR);
    const early = await h.cases.shipToCustomer({ ...step(id), courier: '顺丰', trackingNumber: 'SF4' }).catch((e) => e);
    expect(richErrorDetails(early.metadata).reason).toBe('aftersales.lifecycle.repair');
    await h.cases.recordRepairReturned({ ...step(id), note: '更换主板' });
    await h.cases.shipToCustomer({ ...step(id), courier: '顺丰', trackingNumber: 'SF4' });
    const closed = await closeCompleted(id);
    expect(closed.outcome).toBe(CaseOutcome.CASE_OUTCOME_REPAIRED);
    expect(closed.repair).toMatchObject({ provider: '品牌官方售后', providerTicket: 'RMA-77', note: '更换主板' });
  });

  it('reissue opened by the complaints desk keeps the complaint reference, and opening it twice gives one case', async () => {
    const origin = { source: OriginSource.ORIGIN_SOURCE_COMPLAINT, reference: `CMP-${randomUUID()}` };
    const request = openRequest(CaseKind.CASE_KIND_REISSUE, { origin, qualityProblem: false });
    const first = (await h.cases.openCase(request)).case!;
    const again = (await h.cases.openCase({ ...request, idempotencyKey: randomUUID() })).case!;
    expect(again.caseId).toBe(first.caseId);
    expect(first.origin).toEqual(origin);
    await h.cases.approveCase(step(first.caseId));
    await h.cases.shipToCustomer({ ...step(first.caseId), courier: '京东', trackingNumber: 'JD1' });
    expect((await closeCompleted(first.caseId)).outcome).toBe(CaseOutcome.CASE_OUTCOME_REPLACED);
    const closedEvent = await waitFor('closed event', () =>
      h.events.ofSubject('cs.aftersales.case.closed').find((e) => e.headers['ce-subject'] === first.caseId),
    );
    expect(closedEvent.data.origin).toEqual({ source: 'ORIGIN_SOURCE_COMPLAINT', reference: origin.reference });
  });

  it('intercept: courier recall with the two-part slip, warehouse sign-in, then refund', async () => {
    const { caseId: id } = await h.open(CaseKind.CASE_KIND_INTERCEPT);
    await h.cases.approveCase(step(id));
    const recall = { courier: '中通', trackingNumber: 'ZT9', returnSlipNumber: 'RS-1', courierPartHandedOver: true };
    const halfSlip = await h.cases
      .requestCourierRecall({ ...step(id), ...recall, warehousePartKept: false })
      .catch((e) => e);
    expect(richErrorDetails(halfSlip.metadata).reason).toBe('aftersales.intercept.two-part-return-slip');
    await h.cases.requestCourierRecall({ ...step(id), ...recall, warehousePartKept: true });
    const tooEarly = await h.cases
      .recordRefund({
        ...step(id),
        amount: cny(1999),
        method: RefundMethod.REFUND_METHOD_ORIGINAL_PAYMENT,
        transactionReference: '',
      })
      .catch((e) => e);
    expect(richErrorDetails(tooEarly.metadata).reason).toBe('aftersales.lifecycle.intercept');
    const signedAt = { seconds: Math.floor(Date.now() / 1000) - 60, nanos: 0 };
    const signed = await h.cases.signInReturnedParcel({
      ...step(id),
      signedBy: '仓库小刘',
      signedAt,
      returnSlipNumber: 'RS-1',
    });
    expect(signed.case!.signIn).toMatchObject({ signedBy: '仓库小刘', signedAt });
    expect(signed.case!.signIn!.remark).toMatch(/^原件已收到 仓库小刘 \d{4}-\d{2}-\d{2}$/);
    await h.cases.recordRefund({
      ...step(id),
      amount: cny(1999),
      method: RefundMethod.REFUND_METHOD_ORIGINAL_PAYMENT,
      transactionReference: 'R',
    });
    expect((await closeCompleted(id)).outcome).toBe(CaseOutcome.CASE_OUTCOME_REFUNDED);
  });

  it('intercept for an address change: recalled, signed in, delivered again to the new address', async () => {
    const redeliveryAddress = {
      recipientName: '李四',
      phone: '13800000000',
      province: '浙江省',
      city: '杭州市',
      district: '西湖区',
      street: '文三路 1 号',
      postalCode: '310000',
    };
    const opened = await h.open(CaseKind.CASE_KIND_INTERCEPT, { redeliveryAddress });
    const id = opened.caseId;
    expect(opened.redeliveryAddress).toMatchObject({ city: '杭州市', street: '文三路 1 号' });
    await h.cases.approveCase(step(id));
    await h.cases.requestCourierRecall({
      ...step(id),
      courier: '中通',
      trackingNumber: 'ZT10',
      returnSlipNumber: 'RS-2',
      courierPartHandedOver: true,
      warehousePartKept: true,
    });
    await h.cases.signInReturnedParcel({
      ...step(id),
      signedBy: '仓库小刘',
      signedAt: { seconds: Math.floor(Date.now() / 1000) - 60, nanos: 0 },
      returnSlipNumber: 'RS-2',
    });
    const redelivered = await h.cases.shipToCustomer({ ...step(id), courier: '顺丰', trackingNumber: 'SF-RE1' });
    expect(redelivered.case).toMatchObject({
      state: CaseState.CASE_STATE_SHIPPED_TO_CUSTOMER,
      outboundShipment: { courier: '顺丰', trackingNumber: 'SF-RE1' },
    });
    expect((await closeCompleted(id)).outcome).toBe(CaseOutcome.CASE_OUTCOME_REPLACED);
    expect(await subjectsOf(id, 'cs.aftersales.case.closed')).toEqual([
      'cs.aftersales.case.opened',
      'cs.aftersales.case.approved',
      'cs.aftersales.case.advanced',
      'cs.aftersales.case.advanced',
      'cs.aftersales.case.replacement_shipped',
      'cs.aftersales.case.completed',
      'cs.aftersales.case.closed',
    ]);
  });

  it('return-and-refund accepted in part: only a partial refund is allowed', async () => {
    const { caseId: id } = await h.open(CaseKind.CASE_KIND_RETURN_AND_REFUND);
    await h.cases.approveCase(step(id));
    await h.cases.registerReturnWaybill({ ...step(id), courier: '韵达', trackingNumber: 'YD1' });
    const inspected = await h.cases.inspectReturnedGoods({
      ...step(id),
      ...passed,
      packagingComplete: false,
      failedOutcome: InspectionOutcome.INSPECTION_OUTCOME_PARTIAL,
      note: '缺外盒，部分退款',
    });
    expect(inspected.case).toMatchObject({
      state: CaseState.CASE_STATE_GOODS_RECEIVED,
      inspection: { packagingComplete: false, outcome: InspectionOutcome.INSPECTION_OUTCOME_PARTIAL },
    });
    const full = await h.cases
      .recordRefund({
        ...step(id),
        amount: cny(1999),
        method: RefundMethod.REFUND_METHOD_ORIGINAL_PAYMENT,
        transactionReference: 'P1',
      })
      .catch((e) => e);
    expect(full.code).toBe(status.FAILED_PRECONDITION);
    expect(richErrorDetails(full.metadata).reason).toBe('aftersales.acceptance.partial-means-partial-refund');
    await h.cases.recordRefund({
      ...step(id),
      amount: cny(1500),
      method: RefundMethod.REFUND_METHOD_ORIGINAL_PAYMENT,
      transactionReference: 'P2',
    });
    const closed = await closeCompleted(id);
    expect(closed).toMatchObject({ outcome: CaseOutcome.CASE_OUTCOME_REFUNDED, refund: { amount: cny(1500) } });
  });

  it('parcel problem (lost): reissued', async () => {
    const { caseId: id } = await h.open(CaseKind.CASE_KIND_PARCEL_PROBLEM);
    await h.cases.approveCase(step(id));
    await h.cases.shipToCustomer({ ...step(id), courier: '顺丰', trackingNumber: 'SF5' });
    expect((await closeCompleted(id)).outcome).toBe(CaseOutcome.CASE_OUTCOME_REPLACED);
  });

  it('extend receipt time: approved, completed, resolved', async () => {
    const opened = await h.open(CaseKind.CASE_KIND_EXTEND_RECEIPT_TIME);
    expect(opened.extendReceiptDays).toBe(5);
    await h.cases.approveCase({ ...step(opened.caseId), note: '已在后台延长5天' });
    expect((await closeCompleted(opened.caseId)).outcome).toBe(CaseOutcome.CASE_OUTCOME_RESOLVED);
  });

  it('rights claim (维权): the shop disputes it, rejected with the reason, closed', async () => {
    const { caseId: id } = await h.open(CaseKind.CASE_KIND_RIGHTS_CLAIM);
    await h.cases.rejectCase({ ...step(id), reason: '商品与描述一致，已提交举证' });
    const closed = (await h.cases.closeCase(step(id))).case!;
    expect(closed).toMatchObject({
      outcome: CaseOutcome.CASE_OUTCOME_REJECTED,
      rejectionReason: '商品与描述一致，已提交举证',
    });
  });

  it('rights claim (维权): accepted and refunded', async () => {
    const { caseId: id } = await h.open(CaseKind.CASE_KIND_RIGHTS_CLAIM);
    await h.cases.approveCase(step(id));
    await h.cases.recordRefund({
      ...step(id),
      amount: cny(1000),
      method: RefundMethod.REFUND_METHOD_ORIGINAL_PAYMENT,
      transactionReference: '',
    });
    expect((await closeCompleted(id)).outcome).toBe(CaseOutcome.CASE_OUTCOME_REFUNDED);
  });
});
