import type { ReplyToReviewRequest, ReplyToReviewResponse } from '@cs/contracts/cs/aftersales/v1/reviews_service';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { checkIdempotencyKey, checkLength, Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { loadReview } from '../infrastructure/review.repository.js';
import { actingRequest } from './acting-request.js';
import { runCommandOnce } from './idempotent-command.js';
import { reviewView } from './review.view.js';

/** Every review gets an explanation reply (解释回复). */
@Injectable()
export class ReplyToReviewHandler {
  constructor(private readonly orm: MikroORM) {}

  /** `agent` is the verified caller: the review records who replied. */
  async execute(request: ReplyToReviewRequest, agent: AgentRef): Promise<ReplyToReviewResponse> {
    const violations = new Violations().require('review_id', request.reviewId).require('reply', request.reply);
    checkLength(request.reply, 'reply', 500, violations);
    checkIdempotencyKey(request.idempotencyKey, violations);
    violations.throwIfAny();
    return runCommandOnce(this.orm, 'ReplyToReview', actingRequest(request, agent), async (em) => {
      const review = await loadReview(em, request.reviewId);
      review.replyWith(request.reply, agent, new Date());
      await em.flush();
      return { response: { review: reviewView(review) } };
    });
  }
}
