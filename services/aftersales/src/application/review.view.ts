import type { Review as ReviewMessage } from '@cs/contracts/cs/aftersales/v1/review';
import type { Review } from '../domain/review.aggregate.js';
import { optionalTimestamp, toTimestamp } from './timestamps.js';

export function reviewView(r: Review): ReviewMessage {
  return {
    reviewId: r.id,
    orderId: r.orderId,
    customer: r.customer,
    rating: r.rating,
    cause: r.cause,
    text: r.text,
    reviewedAt: toTimestamp(r.reviewedAt),
    reply: r.reply ?? '',
    repliedBy: r.repliedBy ?? undefined,
    repliedAt: optionalTimestamp(r.repliedAt),
    followUp: r.followUp,
    resolution: r.resolution ?? '',
    resolvedAt: optionalTimestamp(r.resolvedAt),
    version: r.version,
  };
}
