import { Outbox } from '@cs/bus';
import { ReviewCause, ReviewRating } from '@cs/contracts/cs/aftersales/v1/review';
import type { RecordReviewRequest, RecordReviewResponse } from '@cs/contracts/cs/aftersales/v1/reviews_service';
import { checkEnum, checkLength, checkTimestamp, knownValues, Violations } from '@cs/errors';
import { transactionWithRetry } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { needsFollowUp, Review } from '../domain/review.aggregate.js';
import { reviewView } from './review.view.js';
import { fromTimestamp } from './timestamps.js';

/** A review from the marketplace; recording it again returns the review already recorded. */
@Injectable()
export class RecordReviewHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: RecordReviewRequest): Promise<RecordReviewResponse> {
    const violations = new Violations()
      .require('review_id', request.reviewId)
      .require('order_id', request.orderId)
      .require('customer.customer_id', request.customer?.customerId);
    checkLength(request.reviewId, 'review_id', 64, violations);
    checkLength(request.orderId, 'order_id', 64, violations);
    checkEnum(request.rating, knownValues(ReviewRating), 'rating', violations);
    if (needsFollowUp(request.rating))
      checkEnum(
        request.cause,
        knownValues(ReviewCause).filter((c) => c !== ReviewCause.REVIEW_CAUSE_NONE),
        'cause',
        violations,
      );
    checkLength(request.text, 'text', 2000, violations);
    checkTimestamp(request.reviewedAt, 'reviewed_at', violations);
    violations.throwIfAny();
    return transactionWithRetry(this.orm, async (em) => {
      const existing = await em.findOne(Review, { id: request.reviewId });
      if (existing) return { review: reviewView(existing) };
      const review = Review.record({
        id: request.reviewId,
        orderId: request.orderId,
        customer: request.customer!,
        rating: request.rating,
        cause: needsFollowUp(request.rating) ? request.cause : ReviewCause.REVIEW_CAUSE_NONE,
        text: request.text,
        reviewedAt: fromTimestamp(request.reviewedAt!),
      });
      em.persist(review);
      await em.flush();
      if (needsFollowUp(review.rating)) {
        await Outbox.add(
          em,
          'cs.aftersales.review.follow_up_opened',
          {
            reviewId: review.id,
            orderId: review.orderId,
            customer: review.customer,
            rating: review.rating,
            cause: review.cause,
            reviewVersion: review.version,
          },
          { aggregateId: review.id, aggregateVersion: review.version },
        );
      }
      return { review: reviewView(review) };
    });
  }
}
