import { FollowUpStatus, ReviewCause, ReviewRating } from '@cs/contracts/cs/aftersales/v1/review';
import { RuleViolation } from '@cs/errors';
import { describe, expect, it } from 'vitest';
import { Review } from '../../src/domain/review.aggregate.js';

const agent = { agentId: 'a-1', name: '赵六' };
const at = new Date('2026-11-22T03:00:00Z');
const review = (rating: ReviewRating) =>
  Review.record({
    id: 'R1',
    orderId: 'TB1',
    customer: { customerId: 'b', displayName: '' },
    rating,
    cause: ReviewCause.REVIEW_CAUSE_LOGISTICS,
    text: '物流太慢',
    reviewedAt: at,
  });

describe('reviews (评价)', () => {
  it('medium and bad reviews (中差评) become follow-up items', () => {
    expect(review(ReviewRating.REVIEW_RATING_MEDIUM).followUp).toBe(FollowUpStatus.FOLLOW_UP_STATUS_OPEN);
    expect(review(ReviewRating.REVIEW_RATING_BAD).followUp).toBe(FollowUpStatus.FOLLOW_UP_STATUS_OPEN);
  });

  it('good reviews are replied to but not followed up', () => {
    const r = review(ReviewRating.REVIEW_RATING_GOOD);
    expect(r.followUp).toBe(FollowUpStatus.FOLLOW_UP_STATUS_NOT_NEEDED);
    expect(() => r.resolveFollowUp('x', agent, at)).toThrow(RuleViolation);
  });

  it('a follow-up is tracked to resolution, once', () => {
    const r = review(ReviewRating.REVIEW_RATING_BAD);
    r.replyWith('非常抱歉，已联系快递加急', agent, at);
    r.resolveFollowUp('客户已改为好评', agent, at);
    expect(r.followUp).toBe(FollowUpStatus.FOLLOW_UP_STATUS_RESOLVED);
    expect(() => r.resolveFollowUp('again', agent, at)).toThrow(/already resolved/);
  });
});
