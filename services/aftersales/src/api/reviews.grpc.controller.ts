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
import { Controller } from '@nestjs/common';
import { GetReviewStatisticsHandler } from '../application/get-review-statistics.handler.js';
import { ListReviewsHandler } from '../application/list-reviews.handler.js';
import { RecordReviewHandler } from '../application/record-review.handler.js';
import { ReplyToReviewHandler } from '../application/reply-to-review.handler.js';
import { ResolveReviewFollowUpHandler } from '../application/resolve-review-follow-up.handler.js';

/** cs.aftersales.v1.ReviewsService (评价): translation only. */
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

  replyToReview(request: ReplyToReviewRequest): Promise<ReplyToReviewResponse> {
    return this.replyToReviewHandler.execute(request);
  }

  resolveReviewFollowUp(request: ResolveReviewFollowUpRequest): Promise<ResolveReviewFollowUpResponse> {
    return this.resolveReviewFollowUpHandler.execute(request);
  }

  listReviews(request: ListReviewsRequest): Promise<ListReviewsResponse> {
    return this.listReviewsHandler.execute(request);
  }

  getReviewStatistics(request: GetReviewStatisticsRequest): Promise<GetReviewStatisticsResponse> {
    return this.getReviewStatisticsHandler.execute(request);
  }
}
