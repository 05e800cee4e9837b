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

/**
 * The outbox publishes a case's events in the order they were written, so once an event written
 * after the retries (the marker) has arrived, a duplicate written by a retry would have arrived too.
 */
async function afterMarker(subject: string, caseId: string): Promise<void> {
  await waitFor(`${subject} for ${caseId}`, () => eventsOf(subject, caseId).length > 0);
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

    await h.cases.completeCase({ caseId, note: '', idempotencyKey: randomUUID() });
    await afterMarker('cs.aftersales.case.completed', caseId);
    expect(eventsOf('cs.aftersales.case.approved', caseId)).toHaveLength(1);
    expect(eventsOf('cs.aftersales.case.refunded', caseId)).toHaveLength(1);
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
