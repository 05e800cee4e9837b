import { randomUUID } from 'node:crypto';
import { CaseKind, CaseState, InspectionOutcome, RefundMethod } from '@cs/contracts/cs/aftersales/v1/case';
import { ReviewCause, ReviewRating } from '@cs/contracts/cs/aftersales/v1/review';
import { richErrorDetails } from '@cs/grpc';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AftersalesHarness,
  cny,
  connector,
  listRequest,
  openRequest,
  startAftersales,
} from './aftersales-fixture.js';

let h: AftersalesHarness;
let caseId: string;
let version: number;
beforeAll(async () => {
  h = await startAftersales();
  const opened = await h.open(CaseKind.CASE_KIND_RETURN_AND_REFUND, {
    customer: { customerId: 'bad-input-buyer', displayName: '' },
  });
  caseId = opened.caseId;
  version = opened.version;
});
afterAll(() => h?.close());

async function rejectedFields(call: Promise<unknown>): Promise<string[]> {
  const error = await call.then(
    () => {
      throw new Error('expected INVALID_ARGUMENT, the call succeeded');
    },
    (e) => e,
  );
  expect(error.code).toBe(status.INVALID_ARGUMENT);
  return richErrorDetails(error.metadata).fieldViolations.map((v) => v.field);
}

async function nothingWritten(): Promise<void> {
  const { case: kase } = await h.cases.getCase({ caseId });
  expect(kase?.version).toBe(version);
  expect(kase?.state).toBe(CaseState.CASE_STATE_REQUESTED);
  expect(kase?.history).toEqual([]);
  expect(kase?.evidence).toEqual([]);
}

const noCase = { caseId: '', expectedVersion: 0, idempotencyKey: '' };
const stepFields = ['case_id', 'expected_version', 'idempotency_key'];
// A fresh key: these requests fail on other fields.
const key = () => randomUUID();

describe('OpenCase rejects malformed requests naming each field, and opens nothing', () => {
  it('without kind, customer, order, reason or idempotency key', async () => {
    const fields = await rejectedFields(
      h.cases.openCase({
        ...openRequest(CaseKind.CASE_KIND_UNSPECIFIED),
        customer: undefined,
        orderId: '',
        reason: '',
        idempotencyKey: '',
      }),
    );
    expect(fields).toEqual(['kind', 'customer.customer_id', 'order_id', 'reason', 'idempotency_key']);
  });

  it('kind-specific fields: parcel problem, wanted item, extension days, amounts and items', async () => {
    expect(
      await rejectedFields(
        h.cases.openCase(
          openRequest(CaseKind.CASE_KIND_PARCEL_PROBLEM, { parcelProblem: 'PARCEL_PROBLEM_UNSPECIFIED' as never }),
        ),
      ),
    ).toEqual(['parcel_problem']);
    expect(
      await rejectedFields(h.cases.openCase(openRequest(CaseKind.CASE_KIND_EXCHANGE, { wantedItem: undefined }))),
    ).toEqual(['wanted_item.sku']);
    expect(
      await rejectedFields(
        h.cases.openCase(openRequest(CaseKind.CASE_KIND_EXTEND_RECEIPT_TIME, { extendReceiptDays: 45 })),
      ),
    ).toEqual(['extend_receipt_days']);
    expect(
      await rejectedFields(
        h.cases.openCase(
          openRequest(CaseKind.CASE_KIND_REFUND_ONLY, {
            requestedAmount: { amountMinor: -5, currency: 'yuan' },
            items: [{ sku: '', title: '', quantity: 0, attributes: {} }],
            extendReceiptDays: 3,
          }),
        ),
      ),
    ).toEqual([
      'items[0].sku',
      'items[0].quantity',
      'requested_amount.amount_minor',
      'requested_amount.currency',
      'extend_receipt_days',
    ]);
  });

  it('a complaint origin needs the complaint id; nothing was opened by any of the above', async () => {
    expect(
      await rejectedFields(
        h.cases.openCase(
          openRequest(CaseKind.CASE_KIND_REISSUE, {
            origin: { source: 'ORIGIN_SOURCE_COMPLAINT' as never, reference: '' },
          }),
        ),
      ),
    ).toEqual(['origin.reference']);
    const { cases } = await h.cases.listCases(listRequest({ customerId: 'buyer-1' }));
    expect(cases).toEqual([]);
  });
});

describe('every step on a case rejects malformed requests naming each field, and writes nothing', () => {
  it('ApproveCase, CompleteCase, CloseCase, RecordRepairReturned without case, key or a sane version', async () => {
    expect(await rejectedFields(h.cases.approveCase({ ...noCase, note: '' }))).toEqual(stepFields);
    expect(await rejectedFields(h.cases.completeCase({ ...noCase, note: 'x'.repeat(501) }))).toEqual([
      ...stepFields,
      'note',
    ]);
    expect(await rejectedFields(h.cases.closeCase(noCase))).toEqual(stepFields);
    expect(await rejectedFields(h.cases.recordRepairReturned({ ...noCase, note: '' }))).toEqual(stepFields);
  });

  it('RejectCase without a reason', async () => {
    expect(await rejectedFields(h.cases.rejectCase({ caseId, idempotencyKey: key(), reason: ' ' }))).toEqual([
      'reason',
    ]);
    await nothingWritten();
  });

  it('AttachEvidence with no photos, or photos that are empty, too big or not images', async () => {
    expect(await rejectedFields(h.cases.attachEvidence({ caseId, idempotencyKey: key(), photos: [] }))).toEqual([
      'photos',
    ]);
    const fields = await rejectedFields(
      h.cases.attachEvidence({
        caseId,
        idempotencyKey: key(),
        photos: [
          { content: new Uint8Array(), contentType: 'image/png', description: '' },
          { content: new Uint8Array([1]), contentType: 'application/pdf', description: '' },
        ],
      }),
    );
    expect(fields).toEqual(['photos[0].content', 'photos[1].content_type']);
    await nothingWritten();
  });

  it('GetEvidence without ids; an unknown case or evidence is NOT_FOUND', async () => {
    expect(await rejectedFields(h.cases.getEvidence({ caseId: '', evidenceId: '' }))).toEqual([
      'case_id',
      'evidence_id',
    ]);
    const error = await h.cases.getEvidence({ caseId, evidenceId: randomUUID() }).catch((e) => e);
    expect(error.code).toBe(status.NOT_FOUND);
  });

  it('VerifyEvidence that does not bear out the claim without a note', async () => {
    expect(
      await rejectedFields(h.cases.verifyEvidence({ caseId, idempotencyKey: key(), verified: false, note: '' })),
    ).toEqual(['note']);
    await nothingWritten();
  });

  it('RegisterReturnWaybill without courier or number, with a negative postage', async () => {
    expect(
      await rejectedFields(
        h.cases.registerReturnWaybill({
          caseId,
          idempotencyKey: key(),
          courier: '',
          trackingNumber: '',
          advancedPostage: cny(-1),
        }),
      ),
    ).toEqual(['courier', 'tracking_number', 'advanced_postage.amount_minor']);
    await nothingWritten();
  });

  it('InspectReturnedGoods with ACCEPTED as the failed outcome', async () => {
    expect(
      await rejectedFields(
        h.cases.inspectReturnedGoods({
          caseId,
          idempotencyKey: key(),
          undamaged: true,
          packagingComplete: true,
          resellable: true,
          failedOutcome: InspectionOutcome.INSPECTION_OUTCOME_ACCEPTED,
          note: '',
        }),
      ),
    ).toEqual(['failed_outcome']);
    await nothingWritten();
  });

  it('RecordRefund without an amount or method', async () => {
    expect(
      await rejectedFields(
        h.cases.recordRefund({
          caseId,
          idempotencyKey: key(),
          amount: undefined,
          method: RefundMethod.REFUND_METHOD_UNSPECIFIED,
          transactionReference: '',
        }),
      ),
    ).toEqual(['amount', 'method']);
    expect(
      await rejectedFields(
        h.cases.recordRefund({
          caseId,
          idempotencyKey: key(),
          amount: cny(0),
          method: RefundMethod.REFUND_METHOD_ALIPAY,
          transactionReference: '',
        }),
      ),
    ).toEqual(['amount.amount_minor']);
    await nothingWritten();
  });

  it('ShipToCustomer and RequestCourierRecall without courier, numbers or slip', async () => {
    expect(
      await rejectedFields(h.cases.shipToCustomer({ caseId, idempotencyKey: key(), courier: '', trackingNumber: '' })),
    ).toEqual(['courier', 'tracking_number']);
    expect(
      await rejectedFields(
        h.cases.requestCourierRecall({
          caseId,
          idempotencyKey: key(),
          courier: '中通',
          trackingNumber: '',
          returnSlipNumber: '',
          courierPartHandedOver: true,
          warehousePartKept: true,
        }),
      ),
    ).toEqual(['tracking_number', 'return_slip_number']);
    await nothingWritten();
  });

  it('SignInReturnedParcel without who, when or slip, or signed in the future', async () => {
    expect(
      await rejectedFields(
        h.cases.signInReturnedParcel({
          caseId,
          idempotencyKey: key(),
          signedBy: '',
          signedAt: undefined,
          returnSlipNumber: '',
        }),
      ),
    ).toEqual(['signed_by', 'return_slip_number', 'signed_at']);
    const future = { seconds: Math.floor(Date.now() / 1000) + 86_400, nanos: 0 };
    expect(
      await rejectedFields(
        h.cases.signInReturnedParcel({
          caseId,
          idempotencyKey: key(),
          signedBy: '小刘',
          signedAt: future,
          returnSlipNumber: 'RS',
        }),
      ),
    ).toEqual(['signed_at']);
    await nothingWritten();
  });

  it('SendForRepair without a provider; ReimburseReturnPostage without a method', async () => {
    expect(
      await rejectedFields(h.cases.sendForRepair({ caseId, idempotencyKey: key(), provider: '', providerTicket: '' })),
    ).toEqual(['provider']);
    expect(
      await rejectedFields(
        h.cases.reimburseReturnPostage({
          caseId,
          idempotencyKey: key(),
          method: RefundMethod.REFUND_METHOD_UNSPECIFIED,
          transactionReference: '',
        }),
      ),
    ).toEqual(['method']);
    await nothingWritten();
  });

  it('GetCase without an id; an unknown or malformed id is NOT_FOUND', async () => {
    expect(await rejectedFields(h.cases.getCase({ caseId: '' }))).toEqual(['case_id']);
    for (const id of [randomUUID(), 'not-a-uuid']) {
      const error = await h.cases.getCase({ caseId: id }).catch((e) => e);
      expect(error.code).toBe(status.NOT_FOUND);
      expect(error.details).toContain(id);
    }
  });

  it('ListCases with an oversized page or a forged token', async () => {
    expect(
      await rejectedFields(h.cases.listCases(listRequest({ page: { pageSize: 500, pageToken: 'not a token!' } }))),
    ).toEqual(['page.page_size', 'page.page_token']);
  });
});

describe('tracking and reviews reject malformed requests naming each field', () => {
  it('RecordTrackingUpdate without waybill, order, customer, status or time', async () => {
    expect(
      await rejectedFields(
        h.platform.tracking.recordTrackingUpdate({
          courier: '',
          trackingNumber: '',
          orderId: '',
          customer: undefined,
          status: '',
          occurredAt: undefined,
          delivered: false,
        }),
      ),
    ).toEqual(['courier', 'tracking_number', 'order_id', 'customer.customer_id', 'status', 'occurred_at']);
  });

  it('GetDailyFollowUp with a threshold out of range', async () => {
    expect(await rejectedFields(h.tracking.getDailyFollowUp({ asOf: undefined, staleAfterHours: -2 }))).toEqual([
      'stale_after_hours',
    ]);
  });

  it('RecordReview: a bad review without its cause, and no rating or time', async () => {
    expect(
      await rejectedFields(
        h.platform.reviews.recordReview({
          reviewId: '',
          orderId: 'TB1',
          customer: { customerId: 'b', displayName: '' },
          rating: ReviewRating.REVIEW_RATING_BAD,
          cause: ReviewCause.REVIEW_CAUSE_UNSPECIFIED,
          text: '',
          reviewedAt: undefined,
        }),
      ),
    ).toEqual(['review_id', 'cause', 'reviewed_at']);
    expect(
      await rejectedFields(
        h.platform.reviews.recordReview({
          reviewId: 'R1',
          orderId: 'TB1',
          customer: { customerId: 'b', displayName: '' },
          rating: ReviewRating.REVIEW_RATING_UNSPECIFIED,
          cause: ReviewCause.REVIEW_CAUSE_UNSPECIFIED,
          text: '',
          reviewedAt: { seconds: 1, nanos: 0 },
        }),
      ),
    ).toEqual(['rating']);
  });

  it('ReplyToReview and ResolveReviewFollowUp without review, key or text; unknown review is NOT_FOUND', async () => {
    expect(await rejectedFields(h.reviews.replyToReview({ reviewId: '', reply: '', idempotencyKey: '' }))).toEqual([
      'review_id',
      'reply',
      'idempotency_key',
    ]);
    expect(
      await rejectedFields(h.reviews.resolveReviewFollowUp({ reviewId: 'R1', resolution: '', idempotencyKey: key() })),
    ).toEqual(['resolution']);
    const error = await h.reviews
      .replyToReview({ reviewId: 'no-such-review', reply: '感谢', idempotencyKey: key() })
      .catch((e) => e);
    expect(error.code).toBe(status.NOT_FOUND);
  });

  it('ListReviews with a bad page; GetReviewStatistics without a period or with it reversed', async () => {
    expect(
      await rejectedFields(
        h.reviews.listReviews({
          openFollowUpsOnly: false,
          rating: ReviewRating.REVIEW_RATING_UNSPECIFIED,
          page: { pageSize: 201, pageToken: '' },
        }),
      ),
    ).toEqual(['page.page_size']);
    expect(await rejectedFields(h.reviews.getReviewStatistics({ from: undefined, to: undefined }))).toEqual([
      'from',
      'to',
    ]);
    expect(
      await rejectedFields(
        h.reviews.getReviewStatistics({ from: { seconds: 200, nanos: 0 }, to: { seconds: 100, nanos: 0 } }),
      ),
    ).toEqual(['to']);
  });
});

describe('malformed HTTP requests get 400 invalid_argument naming the field', () => {
  it('a body that is not JSON', async () => {
    const reply = await h.http('/cs.aftersales.v1.AftersalesService/OpenCase', '{"kind": ');
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe('invalid_argument');
  });

  it('an unknown enum value', async () => {
    const reply = await h.http('/cs.aftersales.v1.AftersalesService/ListCases', { kind: 'CASE_KIND_TELEPORT' });
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe('invalid_argument');
  });

  it('missing fields, listed with their proto names', async () => {
    const reply = await h.http('/cs.aftersales.v1.AftersalesService/RecordRefund', { case_id: caseId });
    expect(reply.status).toBe(400);
    expect(reply.body.fieldViolations.map((v: { field: string }) => v.field)).toEqual([
      'idempotency_key',
      'amount',
      'method',
    ]);
    await nothingWritten();
  });

  it('tracking and reviews over HTTP too', async () => {
    const tracking = await h.http(
      '/cs.aftersales.v1.TrackingService/RecordTrackingUpdate',
      { courier: '顺丰' },
      {},
      connector,
    );
    expect(tracking.status).toBe(400);
    expect(tracking.body.fieldViolations.map((v: { field: string }) => v.field)).toContain('tracking_number');
    const review = await h.http('/cs.aftersales.v1.ReviewsService/GetReviewStatistics', {});
    expect(review.status).toBe(400);
  });

  it('an unknown method is 404 not_found', async () => {
    const reply = await h.http('/cs.aftersales.v1.AftersalesService/DeleteAllCases', {});
    expect(reply.status).toBe(404);
    expect(reply.body.code).toBe('not_found');
  });
});
