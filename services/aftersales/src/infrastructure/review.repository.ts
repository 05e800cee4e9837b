import { NotFound } from '@cs/errors';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Review } from '../domain/review.aggregate.js';

export async function loadReview(em: EntityManager, reviewId: string): Promise<Review> {
  const review = await em.findOne(Review, { id: reviewId });
  if (!review) throw new NotFound('review', reviewId);
  return review;
}
