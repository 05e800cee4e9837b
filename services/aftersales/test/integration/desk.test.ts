import { randomUUID } from 'node:crypto';
import { CaseKind } from '@cs/contracts/cs/aftersales/v1/case';
import { FollowUpStatus, ReviewCause, ReviewRating } from '@cs/contracts/cs/aftersales/v1/review';
import { richErrorDetails } from '@cs/grpc';
import { waitFor } from '@cs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AftersalesHarness, agent, customer, startAftersales } from './aftersales-fixture.js';

let h: AftersalesHarness;
beforeAll(async () => {
  h = await startAftersales();
});
afterAll(() => h?.close());

const HOUR = 3600;
const nowSeconds = () => Math.floor(Date.now() / 1000);
const ago = (hours: number) => ({ seconds: nowSeconds() - hours * HOUR, nanos: 0 });

async function track(trackingNumber: string, hoursAgo: number, status = '运输中', delivered = false) {
  return h.platform.tracking.recordTrackingUpdate({
    courier: '顺丰',
    trackingNumber,
    orderId: `TB-${trackingNumber}`,
    customer,
    status,
    occurredAt: ago(hoursAgo),
    delivered,
  });
}

describe('tracking updates and the daily follow-up list', () => {
  it('a late older update does not overwrite a newer one (chase tasks: chase-tasks.test.ts)', async () => {
    const first = await track('SF-LATE', 3);
    const late = await track('SF-LATE', 40, '已揽收'); // an older update arriving late
    expect(late.shipment?.lastStatus).toBe(first.shipment?.lastStatus);
    expect(late.shipment?.lastUpdateAt).toEqual(first.shipment?.lastUpdateAt);
  });

  it("yesterday's leftover cases, by kind; closed ones are not left over", async () => {
    const refund = await h.open(CaseKind.CASE_KIND_REFUND_ONLY);
    const parcel = await h.open(CaseKind.CASE_KIND_PARCEL_PROBLEM);
    const done = await h.open(CaseKind.CASE_KIND_REISSUE);
    await h.cases.rejectCase({ caseId: done.caseId, idempotencyKey: randomUUID(), reason: '已补发过' });
    await h.cases.closeCase({ caseId: done.caseId, idempotencyKey: randomUUID() });

    const today = await h.tracking.getDailyFollowUp({ asOf: undefined, staleAfterHours: 0 });
    expect(today.openCases.flatMap((g) => g.cases)).toEqual([]);
    // Tomorrow morning, today's cases are yesterday's leftovers.
    const tomorrow = await h.tracking.getDailyFollowUp({
      asOf: { seconds: nowSeconds() + 24 * HOUR, nanos: 0 },
      staleAfterHours: 0,
    });
    const byKind = Object.fromEntries(tomorrow.openCases.map((g) => [g.kind, g.cases.map((c) => c.caseId)]));
    expect(byKind).toEqual({
      [CaseKind.CASE_KIND_REFUND_ONLY]: [refund.caseId],
      [CaseKind.CASE_KIND_PARCEL_PROBLEM]: [parcel.caseId],
    });
  });
});

describe('reviews (评价): replies, follow-ups of medium and bad reviews, statistics', () => {
  const reviewedAt = ago(1);
  const record = (rating: ReviewRating, cause: ReviewCause, reviewId = `R-${randomUUID().slice(0, 8)}`) =>
    h.platform.reviews.recordReview({
      reviewId,
      orderId: 'TB-R',
      customer,
      rating,
      cause,
      text: '评价内容',
      reviewedAt,
    });

  it('a bad review is followed up to resolution; a good one only replied to', async () => {
    const bad = (await record(ReviewRating.REVIEW_RATING_BAD, ReviewCause.REVIEW_CAUSE_LOGISTICS)).review!;
    expect(bad.followUp).toBe(FollowUpStatus.FOLLOW_UP_STATUS_OPEN);
    const followUp = await waitFor('follow-up opened event', () =>
      h.events.ofSubject('cs.aftersales.review.follow_up_opened').find((e) => e.data.reviewId === bad.reviewId),
    );
    expect(followUp.data).toMatchObject({ rating: 'REVIEW_RATING_BAD', cause: 'REVIEW_CAUSE_LOGISTICS' });

    const replied = await h.reviews.replyToReview({
      reviewId: bad.reviewId,
      idempotencyKey: randomUUID(),
      reply: '非常抱歉，已联系快递加急处理',
    });
    // Who replied is the caller's token, as the review records it.
    expect(replied.review).toMatchObject({ reply: '非常抱歉，已联系快递加急处理', repliedBy: agent });
    const resolved = await h.reviews.resolveReviewFollowUp({
      reviewId: bad.reviewId,
      idempotencyKey: randomUUID(),
      resolution: '已补偿优惠券，客户满意',
    });
    expect(resolved.review?.followUp).toBe(FollowUpStatus.FOLLOW_UP_STATUS_RESOLVED);

    const good = (await record(ReviewRating.REVIEW_RATING_GOOD, ReviewCause.REVIEW_CAUSE_UNSPECIFIED)).review!;
    expect(good).toMatchObject({
      followUp: FollowUpStatus.FOLLOW_UP_STATUS_NOT_NEEDED,
      cause: ReviewCause.REVIEW_CAUSE_NONE,
    });
    const error = await h.reviews
      .resolveReviewFollowUp({ reviewId: good.reviewId, resolution: 'x', idempotencyKey: randomUUID() })
      .catch((e) => e);
    expect(richErrorDetails(error.metadata).reason).toBe('aftersales.reviews.follow-up-only-for-medium-and-bad');
  });

  it('recording the same review twice keeps one', async () => {
    const first = (await record(ReviewRating.REVIEW_RATING_MEDIUM, ReviewCause.REVIEW_CAUSE_PRICE, 'R-TWICE')).review!;
    const again = (await record(ReviewRating.REVIEW_RATING_MEDIUM, ReviewCause.REVIEW_CAUSE_PRICE, 'R-TWICE')).review!;
    expect(again).toEqual(first);
  });

  it('open follow-ups are listed, and statistics count by period, rating and cause', async () => {
    await record(ReviewRating.REVIEW_RATING_MEDIUM, ReviewCause.REVIEW_CAUSE_PRODUCT_QUALITY);
    const open = await h.reviews.listReviews({
      openFollowUpsOnly: true,
      rating: ReviewRating.REVIEW_RATING_UNSPECIFIED,
      page: undefined,
    });
    expect(open.reviews.length).toBeGreaterThanOrEqual(2);
    expect(open.reviews.every((r) => r.followUp === FollowUpStatus.FOLLOW_UP_STATUS_OPEN)).toBe(true);

    const stats = await h.reviews.getReviewStatistics({ from: ago(2), to: ago(0) });
    const byRating = Object.fromEntries(stats.byRating.map((r) => [r.rating, r.count]));
    const byCause = Object.fromEntries(stats.byCause.map((c) => [c.cause, c.count]));
    expect(stats.total).toBe(4);
    expect(byRating).toEqual({
      [ReviewRating.REVIEW_RATING_BAD]: 1,
      [ReviewRating.REVIEW_RATING_GOOD]: 1,
      [ReviewRating.REVIEW_RATING_MEDIUM]: 2,
    });
    expect(byCause).toEqual({
      [ReviewCause.REVIEW_CAUSE_LOGISTICS]: 1,
      [ReviewCause.REVIEW_CAUSE_PRICE]: 1,
      [ReviewCause.REVIEW_CAUSE_PRODUCT_QUALITY]: 1,
    });
    expect(stats).toMatchObject({ replied: 1, followUpsOpen: 2, followUpsResolved: 1 });

    const earlier = await h.reviews.getReviewStatistics({ from: ago(48), to: ago(24) });
    expect(earlier.total).toBe(0);
  });
});
