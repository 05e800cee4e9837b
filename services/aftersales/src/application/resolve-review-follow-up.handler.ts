import type {
  ResolveReviewFollowUpRequest,
  ResolveReviewFollowUpResponse,
} from '@cs/contracts/cs/aftersales/v1/reviews_service';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { checkIdempotencyKey, checkLength, Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { loadReview } from '../infrastructure/review.repository.js';
import { actingRequest } from './acting-request.js';
import { runCommandOnce } from './idempotent-command.js';
import { reviewView } from './review.view.js';

/** A medium/bad review's customer was contacted and the matter settled. */
@Injectable()
export class ResolveReviewFollowUpHandler {
  constructor(private readonly orm: MikroORM) {}

  /** `agent` is the verified caller: the review records who resolved the follow-up. */
  async execute(request: ResolveReviewFollowUpRequest, agent: AgentRef): Promise<ResolveReviewFollowUpResponse> {
    const violations = new Violations()
      .require('review_id', request.reviewId)
      .require('resolution', request.resolution);
    checkLength(request.resolution, 'resolution', 500, violations);
    checkIdempotencyKey(request.idempotencyKey, violations);
    violations.throwIfAny();
    return runCommandOnce(this.orm, 'ResolveReviewFollowUp', actingRequest(request, agent), async (em) => {
      const review = await loadReview(em, request.reviewId);
      review.resolveFollowUp(request.resolution, agent, new Date());
      await em.flush();
      return { response: { review: reviewView(review) } };
    });
  }
}
