import { randomUUID } from 'node:crypto';
import { CaseKind, CaseState, RefundMethod } from '@cs/contracts/cs/aftersales/v1/case';
import { richErrorDetails } from '@cs/grpc';
import { waitFor } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AftersalesHarness, cny, startAftersales } from './aftersales-fixture.js';

let h: AftersalesHarness;
beforeAll(async () => {
  h = await startAftersales();
});
afterAll(() => h?.close());

const eventsOf = (subject: string, caseId: string) =>
  h.events.ofSubject(subject).filter((e) => e.headers['ce-subject'] === caseId);

/** Waits for the first event, then a little longer so a second one would have arrived too. */
async function settledCount(subject: string, caseId: string): Promise<number> {
  await waitFor(`${subject} for ${caseId}`, () => eventsOf(subject, caseId).length);
  await new Promise((resolve) => setTimeout(resolve, 300));
  return eventsOf(subject, caseId).length;
}

describe('every command is idempotent on its idempotency key: a retry after a lost reply gets the first result', () => {
  it('the same approve and refund sent twice return the same response and write one event each', async () => {
    const { caseId } = await h.open(CaseKind.CASE_KIND_REFUND_ONLY);
    const approve = { caseId, note: '同意退款', idempotencyKey: randomUUID() };
    const approved = await h.cases.approveCase(approve);
    const approvedAgain = await h.cases.approveCase(approve);
    expect(approvedAgain).toEqual(approved);
    expect(approved.case?.state).toBe(CaseState.CASE_STATE_APPROVED);

    const refund = {
      caseId,
      amount: cny(1999),
      method: RefundMethod.REFUND_METHOD_ALIPAY,
      transactionReference: 'ALI-1',
      idempotencyKey: randomUUID(),
    };
    const refunded = await h.cases.recordRefund(refund);
    const refundedAgain = await h.cases.recordRefund(refund);
    expect(refundedAgain).toEqual(refunded);
    expect(refunded.case?.version).toBe(approved.case!.version + 1);

    expect(await settledCount('cs.aftersales.case.approved', caseId)).toBe(1);
    expect(await settledCount('cs.aftersales.case.refunded', caseId)).toBe(1);
  });

  it('a new key is a new command (refused by the lifecycle); a reused key with a different request is INVALID_ARGUMENT', async () => {
    const { caseId } = await h.open(CaseKind.CASE_KIND_REFUND_ONLY);
    const approve = { caseId, note: '', idempotencyKey: randomUUID() };
    await h.cases.approveCase(approve);
    const fresh = await h.cases.approveCase({ ...approve, idempotencyKey: randomUUID() }).catch((e) => e);
    expect(fresh.code).toBe(status.FAILED_PRECONDITION);
    const reused = await h.cases.approveCase({ ...approve, note: '别的' }).catch((e) => e);
    expect(reused.code).toBe(status.INVALID_ARGUMENT);
    expect(richErrorDetails(reused.metadata).fieldViolations.map((v) => v.field)).toEqual(['idempotency_key']);
  });

  it('the key may come as gRPC metadata / the HTTP idempotency-key header; missing, the command is refused naming it', async () => {
    const { caseId } = await h.open(CaseKind.CASE_KIND_RIGHTS_CLAIM);
    const key = randomUUID();
    const body = { case_id: caseId, reason: '商品与描述一致' };
    const first = await h.http('/cs.aftersales.v1.AftersalesService/RejectCase', body, { 'idempotency-key': key });
    const again = await h.http('/cs.aftersales.v1.AftersalesService/RejectCase', body, { 'idempotency-key': key });
    expect(first.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const close = await h.http('/cs.aftersales.v1.AftersalesService/CloseCase', { case_id: caseId });
    expect(close.status).toBe(400);
    expect(close.body.fieldViolations.map((v: { field: string }) => v.field)).toEqual(['idempotency_key']);
    const { case: kase } = await h.cases.getCase({ caseId });
    expect(kase?.state).toBe(CaseState.CASE_STATE_REJECTED);
  });
});
