import { FollowUpStatus, ReviewRating } from '@cs/contracts/cs/aftersales/v1/review';
import type { ListReviewsRequest, ListReviewsResponse } from '@cs/contracts/cs/aftersales/v1/reviews_service';
import { Violations } from '@cs/errors';
import { nextPageToken, readPage } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Review } from '../domain/review.aggregate.js';
import { reviewView } from './review.view.js';

@Injectable()
export class ListReviewsHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: ListReviewsRequest): Promise<ListReviewsResponse> {
    const violations = new Violations();
    if (!Object.values(ReviewRating).includes(request.rating)) violations.add('rating', 'is not a review rating');
    const page = readPage(request.page, violations);
    violations.throwIfAny();
    const where: Record<string, unknown> = {};
    if (request.openFollowUpsOnly) where.followUp = FollowUpStatus.FOLLOW_UP_STATUS_OPEN;
    if (request.rating !== ReviewRating.REVIEW_RATING_UNSPECIFIED) where.rating = request.rating;
    const rows = await this.orm.em.fork().find(Review, where, {
      orderBy: { reviewedAt: 'desc', id: 'desc' },
      limit: page.limit + 1,
      offset: page.offset,
    });
    const reviews = rows.slice(0, page.limit);
    return {
      reviews: reviews.map(reviewView),
      page: { nextPageToken: nextPageToken(page, reviews.length, rows.length > page.limit) },
    };
  }
}
