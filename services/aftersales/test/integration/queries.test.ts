import { randomUUID } from 'node:crypto';
import { CaseKind, CaseState } from '@cs/contracts/cs/aftersales/v1/case';
import { richErrorDetails } from '@cs/grpc';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AftersalesHarness, listRequest, openRequest, startAftersales } from './aftersales-fixture.js';

let h: AftersalesHarness;
const buyer = { customerId: `buyer-${randomUUID().slice(0, 6)}`, displayName: '周七' };
beforeAll(async () => {
  h = await startAftersales();
});
afterAll(() => h?.close());

describe('queries by customer, order, kind, state and overdue, paged', () => {
  it('filters combine and pages follow each other without gaps or repeats', async () => {
    const kinds = [CaseKind.CASE_KIND_REFUND_ONLY, CaseKind.CASE_KIND_REISSUE, CaseKind.CASE_KIND_REFUND_ONLY];
    const opened = [];
    for (const kind of kinds) opened.push(await h.open(kind, { customer: buyer }));
    await h.cases.approveCase({ caseId: opened[0]!.caseId, idempotencyKey: randomUUID(), note: '' });

    const byCustomer = await h.cases.listCases(listRequest({ customerId: buyer.customerId }));
    expect(byCustomer.cases.map((c) => c.caseId)).toEqual(opened.map((c) => c.caseId).reverse());

    const refunds = await h.cases.listCases(
      listRequest({ customerId: buyer.customerId, kind: CaseKind.CASE_KIND_REFUND_ONLY }),
    );
    expect(refunds.cases).toHaveLength(2);
    const approved = await h.cases.listCases(
      listRequest({ customerId: buyer.customerId, state: CaseState.CASE_STATE_APPROVED }),
    );
    expect(approved.cases.map((c) => c.caseId)).toEqual([opened[0]!.caseId]);
    const byOrder = await h.cases.listCases(listRequest({ orderId: opened[1]!.orderId }));
    expect(byOrder.cases.map((c) => c.caseId)).toEqual([opened[1]!.caseId]);

    const first = await h.cases.listCases(
      listRequest({ customerId: buyer.customerId, page: { pageSize: 2, pageToken: '' } }),
    );
    expect(first.cases).toHaveLength(2);
    expect(first.page?.nextPageToken).not.toBe('');
    const second = await h.cases.listCases(
      listRequest({ customerId: buyer.customerId, page: { pageSize: 2, pageToken: first.page!.nextPageToken } }),
    );
    expect([...first.cases, ...second.cases].map((c) => c.caseId)).toEqual(byCustomer.cases.map((c) => c.caseId));
    expect(second.page?.nextPageToken).toBe('');
  });

  it('overdue: open cases whose next step is past due, flagged as such', async () => {
    const late = await h.open(CaseKind.CASE_KIND_PARCEL_PROBLEM, { customer: buyer });
    // Time passes: the request was due an hour ago.
    await h.sut.service.orm.em
      .fork()
      .execute("update aftersales_cases set due_at = now() - interval '1 hour' where id = ?", [late.caseId]);
    const overdue = await h.cases.listCases(listRequest({ customerId: buyer.customerId, overdueOnly: true }));
    expect(overdue.cases.map((c) => c.caseId)).toEqual([late.caseId]);
    expect(overdue.cases[0]?.overdue).toBe(true);
    const { case: fresh } = await h.cases.getCase({ caseId: late.caseId });
    expect(fresh?.overdue).toBe(true);
  });
});

describe('opening is safe to retry and steps are safe to race', () => {
  it('a retry with the same idempotency key returns the first case', async () => {
    const request = openRequest(CaseKind.CASE_KIND_REFUND_ONLY, {
      customer: { customerId: `c-${randomUUID()}`, displayName: '' },
    });
    const first = await h.cases.openCase(request);
    const again = await h.cases.openCase(request);
    expect(again.case?.caseId).toBe(first.case?.caseId);
    const { cases } = await h.cases.listCases(listRequest({ customerId: request.customer!.customerId }));
    expect(cases).toHaveLength(1);
  });

  it('the same key for a different request is refused naming idempotency_key', async () => {
    const request = openRequest(CaseKind.CASE_KIND_REFUND_ONLY);
    await h.cases.openCase(request);
    const error = await h.cases.openCase({ ...request, reason: '别的原因' }).catch((e) => e);
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(richErrorDetails(error.metadata).fieldViolations.map((v) => v.field)).toEqual(['idempotency_key']);
  });

  it('a stale expected_version is refused with ABORTED and nothing is written', async () => {
    const opened = await h.open(CaseKind.CASE_KIND_REFUND_ONLY);
    await h.cases.approveCase({ caseId: opened.caseId, idempotencyKey: randomUUID(), note: '' });
    const error = await h.cases
      .rejectCase({
        caseId: opened.caseId,
        idempotencyKey: randomUUID(),
        reason: '重复申请',
        expectedVersion: opened.version,
      })
      .catch((e) => e);
    expect(error.code).toBe(status.ABORTED);
    const { case: now } = await h.cases.getCase({ caseId: opened.caseId });
    expect(now?.state).toBe(CaseState.CASE_STATE_APPROVED);
  });

  it('two agents approving at once: one wins, the other is refused by the lifecycle', async () => {
    const opened = await h.open(CaseKind.CASE_KIND_REFUND_ONLY);
    const other = h.as({ roles: ['aftersales-agent'], agentId: 'agent-10', name: '赵六' });
    const results = await Promise.allSettled([
      h.cases.approveCase({ caseId: opened.caseId, idempotencyKey: randomUUID(), note: 'A' }),
      other.cases.approveCase({ caseId: opened.caseId, idempotencyKey: randomUUID(), note: 'B' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(richErrorDetails(refused.reason.metadata).reason).toBe('aftersales.lifecycle.refund-only');
  });
});

describe('the same operations over HTTP/JSON', () => {
  it('opens a case with the idempotency key as a header, and a retry returns the same case', async () => {
    const body = {
      kind: 'CASE_KIND_EXCHANGE',
      customer: { customer_id: 'http-buyer', display_name: '李四' },
      order_id: 'TB-HTTP-1',
      reason: '尺码偏小',
      items: [{ sku: 'TEE-M', title: 'T恤 M', quantity: 1 }],
      wanted_item: { sku: 'TEE-L', title: 'T恤 L', quantity: 1 },
    };
    const key = randomUUID();
    const first = await h.http('/cs.aftersales.v1.AftersalesService/OpenCase', body, { 'idempotency-key': key });
    expect(first.status).toBe(200);
    expect(first.body.case).toMatchObject({
      kind: 'CASE_KIND_EXCHANGE',
      state: 'CASE_STATE_REQUESTED',
      wantedItem: { sku: 'TEE-L' },
      feeLiability: { returnPostage: 'POSTAGE_PAYER_CUSTOMER' },
    });
    const again = await h.http('/cs.aftersales.v1.AftersalesService/OpenCase', body, { 'idempotency-key': key });
    expect(again.body.case.caseId).toBe(first.body.case.caseId);
  });

  it('photos travel as base64 and come back byte for byte', async () => {
    const opened = await h.open(CaseKind.CASE_KIND_REFUND_ONLY, { qualityProblem: true });
    const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70]);
    const attached = await h.http('/cs.aftersales.v1.AftersalesService/AttachEvidence', {
      case_id: opened.caseId,
      photos: [{ content: photo.toString('base64'), content_type: 'image/jpeg', description: '破损外包装' }],
      idempotency_key: randomUUID(),
    });
    expect(attached.status).toBe(200);
    const evidenceId = attached.body.case.evidence[0].evidenceId;
    const fetched = await h.http('/cs.aftersales.v1.AftersalesService/GetEvidence', {
      case_id: opened.caseId,
      evidence_id: evidenceId,
    });
    expect(fetched.status).toBe(200);
    expect(Buffer.from(fetched.body.content, 'base64')).toEqual(photo);
    expect(fetched.body.evidence.description).toBe('破损外包装');
  });

  it('a refused step is 400 failed_precondition with the rule', async () => {
    const opened = await h.open(CaseKind.CASE_KIND_REISSUE);
    const reply = await h.http('/cs.aftersales.v1.AftersalesService/CloseCase', {
      case_id: opened.caseId,
      idempotency_key: randomUUID(),
    });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ code: 'failed_precondition', reason: 'aftersales.lifecycle.reissue' });
  });

  it('an unknown case is 404', async () => {
    const reply = await h.http('/cs.aftersales.v1.AftersalesService/GetCase', { case_id: randomUUID() });
    expect(reply.status).toBe(404);
  });
});
