import { randomUUID } from 'node:crypto';
import { CaseKind, CaseState } from '@cs/contracts/cs/aftersales/v1/case';
import { ReviewCause, ReviewRating } from '@cs/contracts/cs/aftersales/v1/review';
import { richErrorDetails } from '@cs/grpc';
import type { TestCaller } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AftersalesHarness, agent, customer, openRequest, startAftersales } from './aftersales-fixture.js';

let h: AftersalesHarness;
beforeAll(async () => {
  h = await startAftersales();
});
afterAll(() => h?.close());

const key = () => randomUUID();
const impostor = { agent_id: 'agent-666', name: '冒充者' };
const warehouseStaff: TestCaller = { roles: ['warehouse-staff'], agentId: 'wh-3', name: '仓库小刘', team: 'warehouse' };
const supervisor: TestCaller = { roles: ['supervisor'], agentId: 'sup-1', name: '钱主管', team: 'aftersales' };

/** The gRPC error a refused call ends with. */
async function refusal(call: Promise<unknown>): Promise<any> {
  return call.then(
    () => {
      throw new Error('expected the call to be refused');
    },
    (e) => e,
  );
}

describe('the actor is the caller’s token, never the request body', () => {
  it('opening and approving a case over gRPC name the token’s agent', async () => {
    const opened = await h.open(CaseKind.CASE_KIND_REFUND_ONLY);
    expect(opened.openedBy).toEqual(agent);
    const { case: approved } = await h.cases.approveCase({ caseId: opened.caseId, note: '', idempotencyKey: key() });
    expect(approved!.history.at(-1)).toMatchObject({ action: 'approve', agent });
  });

  it('an old-style agent in a JSON body is ignored: the case records the token’s agent', async () => {
    const opened = await h.http('/cs.aftersales.v1.AftersalesService/OpenCase', {
      kind: 'CASE_KIND_REFUND_ONLY',
      customer: { customer_id: customer.customerId, display_name: customer.displayName },
      order_id: `TB-${key().slice(0, 8)}`,
      reason: '不想要了',
      agent: impostor,
      idempotency_key: key(),
    });
    expect(opened.status).toBe(200);
    expect(opened.body.case.openedBy).toEqual(agent);
    const approved = await h.http('/cs.aftersales.v1.AftersalesService/ApproveCase', {
      case_id: opened.body.case.caseId,
      agent: impostor,
      note: '同意',
      idempotency_key: key(),
    });
    expect(approved.status).toBe(200);
    expect(approved.body.case.history).toEqual([expect.objectContaining({ action: 'approve', agent, note: '同意' })]);
  });

  it('another agent reusing an idempotency key is refused, not handed the first agent’s outcome', async () => {
    const opened = await h.open(CaseKind.CASE_KIND_REFUND_ONLY);
    const request = { caseId: opened.caseId, note: '', idempotencyKey: key() };
    await h.cases.approveCase(request);
    const other = h.as({ roles: ['aftersales-agent'], agentId: 'agent-10', name: '赵六' });
    const error = await refusal(other.cases.approveCase(request));
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(richErrorDetails(error.metadata).fieldViolations.map((v) => v.field)).toEqual(['idempotency_key']);
  });
});

describe('who may call what (domain.md §3: after-sales and tracking)', () => {
  it('a call without a token is UNAUTHENTICATED (HTTP 401)', async () => {
    const reply = await h.http('/cs.aftersales.v1.AftersalesService/GetCase', { case_id: key() }, {}, null);
    expect(reply.status).toBe(401);
  });

  it('the front line opens cases, but approving one is the after-sales desk’s decision', async () => {
    const frontLine = h.as({ roles: ['front-line-agent'], agentId: 'fl-1', name: '孙八' });
    const { case: opened } = await frontLine.cases.openCase(openRequest(CaseKind.CASE_KIND_RETURN_AND_REFUND));
    expect(opened!.openedBy).toEqual({ agentId: 'fl-1', name: '孙八' });
    const error = await refusal(
      frontLine.cases.approveCase({ caseId: opened!.caseId, note: '', idempotencyKey: key() }),
    );
    expect(error.code).toBe(status.PERMISSION_DENIED);
    expect((await h.cases.getCase({ caseId: opened!.caseId })).case?.state).toBe(CaseState.CASE_STATE_REQUESTED);
  });

  it('reviews are answered by after-sales: care may read them, not reply or resolve', async () => {
    const reviewedAt = { seconds: Math.floor(Date.now() / 1000), nanos: 0 };
    const { review } = await h.platform.reviews.recordReview({
      reviewId: `R-${key().slice(0, 8)}`,
      orderId: 'TB-ID',
      customer,
      rating: ReviewRating.REVIEW_RATING_BAD,
      cause: ReviewCause.REVIEW_CAUSE_SERVICE_ATTITUDE,
      text: '客服态度差',
      reviewedAt,
    });
    const care = h.as({ roles: ['care-agent'], agentId: 'care-1', name: '周九' });
    const listed = await care.reviews.listReviews({
      openFollowUpsOnly: true,
      rating: ReviewRating.REVIEW_RATING_UNSPECIFIED,
      page: undefined,
    });
    expect(listed.reviews.map((r) => r.reviewId)).toContain(review!.reviewId);
    const reply = await refusal(
      care.reviews.replyToReview({ reviewId: review!.reviewId, reply: '抱歉', idempotencyKey: key() }),
    );
    expect(reply.code).toBe(status.PERMISSION_DENIED);
    const resolve = await refusal(
      care.reviews.resolveReviewFollowUp({ reviewId: review!.reviewId, resolution: '已回访', idempotencyKey: key() }),
    );
    expect(resolve.code).toBe(status.PERMISSION_DENIED);
  });

  it('tracking updates and reviews come from the platform connector, not from agents', async () => {
    const update = {
      courier: '顺丰',
      trackingNumber: `SF-${key().slice(0, 8)}`,
      orderId: 'TB-ID',
      customer,
      status: '运输中',
      occurredAt: { seconds: Math.floor(Date.now() / 1000), nanos: 0 },
      delivered: false,
    };
    expect((await refusal(h.tracking.recordTrackingUpdate(update))).code).toBe(status.PERMISSION_DENIED);
    expect((await h.platform.tracking.recordTrackingUpdate(update)).shipment?.trackingNumber).toBe(
      update.trackingNumber,
    );
  });
});

describe('原件已收到: signing a returned parcel in for the warehouse (acting for another party)', () => {
  /** An intercept whose parcel the courier was asked to recall with slip `slip`. */
  async function recalled(slip: string): Promise<string> {
    const { caseId } = await h.open(CaseKind.CASE_KIND_INTERCEPT);
    await h.cases.approveCase({ caseId, note: '', idempotencyKey: key() });
    await h.cases.requestCourierRecall({
      caseId,
      courier: '中通',
      trackingNumber: `ZT-${slip}`,
      returnSlipNumber: slip,
      courierPartHandedOver: true,
      warehousePartKept: true,
      idempotencyKey: key(),
    });
    return caseId;
  }
  const signedAt = () => ({ seconds: Math.floor(Date.now() / 1000) - 60, nanos: 0 });

  it('warehouse staff sign in as themselves (no name given means the caller); the case records them', async () => {
    const caseId = await recalled('RS-W1');
    const warehouse = h.as(warehouseStaff);
    const { case: signed } = await warehouse.cases.signInReturnedParcel({
      caseId,
      signedBy: '',
      signedAt: signedAt(),
      returnSlipNumber: 'RS-W1',
      idempotencyKey: key(),
    });
    expect(signed!.signIn?.signedBy).toBe('仓库小刘');
    expect(signed!.history.at(-1)).toMatchObject({
      action: 'sign-in-parcel',
      agent: { agentId: 'wh-3', name: '仓库小刘' },
    });
  });

  it('warehouse staff naming someone else are refused with PERMISSION_DENIED, and nothing is written', async () => {
    const caseId = await recalled('RS-W2');
    const before = (await h.cases.getCase({ caseId })).case!;
    const error = await refusal(
      h.as(warehouseStaff).cases.signInReturnedParcel({
        caseId,
        signedBy: '仓库小王',
        signedAt: signedAt(),
        returnSlipNumber: 'RS-W2',
        idempotencyKey: key(),
      }),
    );
    expect(error.code).toBe(status.PERMISSION_DENIED);
    expect(error.details).toContain('aftersales.intercept.warehouse-signs-as-self');
    const after = (await h.cases.getCase({ caseId })).case!;
    expect({ version: after.version, signIn: after.signIn }).toEqual({ version: before.version, signIn: undefined });
  });

  it('an after-sales agent or a supervisor records the warehouse person named on the slip', async () => {
    for (const [caller, slip] of [
      [undefined, 'RS-A1'],
      [supervisor, 'RS-S1'],
    ] as const) {
      const caseId = await recalled(slip);
      const clients = caller ? h.as(caller) : h;
      const { case: signed } = await clients.cases.signInReturnedParcel({
        caseId,
        signedBy: '仓库小刘',
        signedAt: signedAt(),
        returnSlipNumber: slip,
        idempotencyKey: key(),
      });
      expect(signed!.signIn?.signedBy).toBe('仓库小刘');
      const recordedBy = caller ? { agentId: caller.agentId, name: caller.name } : agent;
      expect(signed!.history.at(-1)?.agent).toEqual(recordedBy);
    }
  });
});
