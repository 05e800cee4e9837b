import type { ReplyToReviewRequest, ReplyToReviewResponse } from '@cs/contracts/cs/aftersales/v1/reviews_service';
import { Violations } from '@cs/errors';
import { runIdempotent } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { loadReview } from '../infrastructure/review.repository.js';
import { checkAgent, checkIdempotencyKey, checkLength } from './field-checks.js';
import { reviewView } from './review.view.js';

/** Every review gets an explanation reply (解释回复). */
@Injectable()
export class ReplyToReviewHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: ReplyToReviewRequest): Promise<ReplyToReviewResponse> {
    const violations = new Violations().require('review_id', request.reviewId).require('reply', request.reply);
    checkAgent(request.agent, violations);
    checkLength(request.reply, 'reply', 500, violations);
    checkIdempotencyKey(request.idempotencyKey, violations);
    violations.throwIfAny();
    return runIdempotent(this.orm, 'ReplyToReview', request, async (em) => {
      const review = await loadReview(em, request.reviewId);
      review.replyWith(request.reply, request.agent!, new Date());
      await em.flush();
      return { response: { review: reviewView(review) } };
    });
  }
}
