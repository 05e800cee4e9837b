import { EntitySchema } from '@mikro-orm/postgresql';
import { Review } from '../domain/review.aggregate.js';

export const ReviewSchema = new EntitySchema<Review>({
  class: Review,
  tableName: 'reviews',
  properties: {
    id: { type: 'string', primary: true },
    orderId: { type: 'string' },
    customer: { type: 'json' },
    rating: { type: 'string' },
    cause: { type: 'string' },
    text: { type: 'string' },
    reviewedAt: { type: 'datetime' },
    reply: { type: 'string', nullable: true },
    repliedBy: { type: 'json', nullable: true },
    repliedAt: { type: 'datetime', nullable: true },
    followUp: { type: 'string' },
    resolution: { type: 'string', nullable: true },
    resolvedBy: { type: 'json', nullable: true },
    resolvedAt: { type: 'datetime', nullable: true },
    version: { type: 'integer', version: true },
  },
});
