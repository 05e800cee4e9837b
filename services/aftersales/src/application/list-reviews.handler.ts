import { FollowUpStatus, ReviewRating } from '@cs/contracts/cs/aftersales/v1/review';
import type { ListReviewsRequest, ListReviewsResponse } from '@cs/contracts/cs/aftersales/v1/reviews_service';
import { Violations } from '@cs/errors';
import { keysetFilter, keysetPageOf, readKeysetPage } from '@cs/persistence';
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
    const page = readKeysetPage(request.page, violations, ['time', 'text']);
    violations.throwIfAny();
    const where: Record<string, unknown> = {};
    if (request.openFollowUpsOnly) where.followUp = FollowUpStatus.FOLLOW_UP_STATUS_OPEN;
    if (request.rating !== ReviewRating.REVIEW_RATING_UNSPECIFIED) where.rating = request.rating;
    Object.assign(
      where,
      keysetFilter(
        [
          ['reviewedAt', 'desc'],
          ['id', 'desc'],
        ],
        page.after,
      ),
    );
    const rows = await this.orm.em.fork().find(Review, where, {
      orderBy: { reviewedAt: 'desc', id: 'desc' },
      limit: page.limit + 1,
    });
    const { items, page: next } = keysetPageOf(rows, page, (r) => [r.reviewedAt, r.id]);
    return { reviews: items.map(reviewView), page: next };
  }
}
