import { agentRefOf } from '@cs/auth';
import {
  type GetReviewStatisticsRequest,
  type GetReviewStatisticsResponse,
  type ListReviewsRequest,
  type ListReviewsResponse,
  type RecordReviewRequest,
  type RecordReviewResponse,
  type ReplyToReviewRequest,
  type ReplyToReviewResponse,
  type ResolveReviewFollowUpRequest,
  type ResolveReviewFollowUpResponse,
  type ReviewsServiceController,
  ReviewsServiceControllerMethods,
} from '@cs/contracts/cs/aftersales/v1/reviews_service';
import { withIdempotencyKey } from '@cs/grpc';
import type { Metadata } from '@grpc/grpc-js';
import { Controller } from '@nestjs/common';
import { GetReviewStatisticsHandler } from '../application/get-review-statistics.handler.js';
import { ListReviewsHandler } from '../application/list-reviews.handler.js';
import { RecordReviewHandler } from '../application/record-review.handler.js';
import { ReplyToReviewHandler } from '../application/reply-to-review.handler.js';
import { ResolveReviewFollowUpHandler } from '../application/resolve-review-follow-up.handler.js';

/** cs.aftersales.v1.ReviewsService (评价): translation only; the actor of a command is the verified caller. */
@Controller()
@ReviewsServiceControllerMethods()
export class ReviewsGrpcController implements ReviewsServiceController {
  constructor(
    private readonly recordReviewHandler: RecordReviewHandler,
    private readonly replyToReviewHandler: ReplyToReviewHandler,
    private readonly resolveReviewFollowUpHandler: ResolveReviewFollowUpHandler,
    private readonly listReviewsHandler: ListReviewsHandler,
    private readonly getReviewStatisticsHandler: GetReviewStatisticsHandler,
  ) {}

  recordReview(request: RecordReviewRequest): Promise<RecordReviewResponse> {
    return this.recordReviewHandler.execute(request);
  }

  replyToReview(request: ReplyToReviewRequest, metadata?: Metadata): Promise<ReplyToReviewResponse> {
    return this.replyToReviewHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  resolveReviewFollowUp(
    request: ResolveReviewFollowUpRequest,
    metadata?: Metadata,
  ): Promise<ResolveReviewFollowUpResponse> {
    return this.resolveReviewFollowUpHandler.execute(withIdempotencyKey(request, metadata), agentRefOf(metadata));
  }

  listReviews(request: ListReviewsRequest): Promise<ListReviewsResponse> {
    return this.listReviewsHandler.execute(request);
  }

  getReviewStatistics(request: GetReviewStatisticsRequest): Promise<GetReviewStatisticsResponse> {
    return this.getReviewStatisticsHandler.execute(request);
  }
}
