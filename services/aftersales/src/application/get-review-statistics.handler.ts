import { FollowUpStatus, type ReviewCause, type ReviewRating } from '@cs/contracts/cs/aftersales/v1/review';
import type {
  GetReviewStatisticsRequest,
  GetReviewStatisticsResponse,
} from '@cs/contracts/cs/aftersales/v1/reviews_service';
import { checkTimestamp, Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { fromTimestamp } from './timestamps.js';

interface Row {
  rating: ReviewRating;
  cause: ReviewCause;
  follow_up: FollowUpStatus;
  replied: boolean;
  count: string;
}

/** Review statistics for a period: by rating, by cause of medium/bad reviews, replies and follow-ups. */
@Injectable()
export class GetReviewStatisticsHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: GetReviewStatisticsRequest): Promise<GetReviewStatisticsResponse> {
    const violations = new Violations();
    checkTimestamp(request.from, 'from', violations);
    checkTimestamp(request.to, 'to', violations);
    if (request.from && request.to && request.to.seconds <= request.from.seconds)
      violations.add('to', 'must be after from');
    violations.throwIfAny();
    const rows = await this.orm.em.fork().execute<Row[]>(
      `select rating, cause, follow_up, reply is not null as replied, count(*) as count from reviews
       where reviewed_at >= ? and reviewed_at < ? group by rating, cause, follow_up, replied`,
      [fromTimestamp(request.from!), fromTimestamp(request.to!)],
    );
    const sum = (keep: (r: Row) => boolean) => rows.filter(keep).reduce((n, r) => n + Number(r.count), 0);
    const ratings = [...new Set(rows.map((r) => r.rating))].sort();
    const causes = [
      ...new Set(rows.filter((r) => r.follow_up !== FollowUpStatus.FOLLOW_UP_STATUS_NOT_NEEDED).map((r) => r.cause)),
    ].sort();
    return {
      total: sum(() => true),
      byRating: ratings.map((rating) => ({ rating, count: sum((r) => r.rating === rating) })),
      byCause: causes.map((cause) => ({
        cause,
        count: sum((r) => r.cause === cause && r.follow_up !== FollowUpStatus.FOLLOW_UP_STATUS_NOT_NEEDED),
      })),
      replied: sum((r) => r.replied),
      followUpsOpen: sum((r) => r.follow_up === FollowUpStatus.FOLLOW_UP_STATUS_OPEN),
      followUpsResolved: sum((r) => r.follow_up === FollowUpStatus.FOLLOW_UP_STATUS_RESOLVED),
    };
  }
}
