import { FollowUpStatus, type ReviewCause, ReviewRating } from '@cs/contracts/cs/aftersales/v1/review';
import type { AgentRef, CustomerRef } from '@cs/contracts/cs/common/v1/refs';
import { RuleViolation } from '@cs/errors';

export interface ReviewFacts {
  id: string;
  orderId: string;
  customer: CustomerRef;
  rating: ReviewRating;
  cause: ReviewCause;
  text: string;
  reviewedAt: Date;
}

export const REVIEW_RULE = {
  followUpOnlyForMediumAndBad: 'aftersales.reviews.follow-up-only-for-medium-and-bad',
  followUpResolvedOnce: 'aftersales.reviews.follow-up-resolved-once',
} as const;

/** 中差评: medium and bad reviews are contacted and tracked to resolution; good ones are not. */
export function needsFollowUp(rating: ReviewRating): boolean {
  return rating === ReviewRating.REVIEW_RATING_MEDIUM || rating === ReviewRating.REVIEW_RATING_BAD;
}

/** A marketplace review (评价): every one gets an explanation reply. */
export class Review {
  id!: string;
  orderId!: string;
  customer!: CustomerRef;
  rating!: ReviewRating;
  cause!: ReviewCause;
  text!: string;
  reviewedAt!: Date;
  reply?: string | null;
  repliedBy?: AgentRef | null;
  repliedAt?: Date | null;
  followUp!: FollowUpStatus;
  resolution?: string | null;
  resolvedBy?: AgentRef | null;
  resolvedAt?: Date | null;
  version!: number;

  static record(facts: ReviewFacts): Review {
    return Object.assign(new Review(), {
      ...facts,
      followUp: needsFollowUp(facts.rating)
        ? FollowUpStatus.FOLLOW_UP_STATUS_OPEN
        : FollowUpStatus.FOLLOW_UP_STATUS_NOT_NEEDED,
    });
  }

  /** A later reply replaces the earlier one: the marketplace shows one explanation per review. */
  replyWith(reply: string, agent: AgentRef, at: Date): void {
    this.reply = reply;
    this.repliedBy = agent;
    this.repliedAt = at;
  }

  resolveFollowUp(resolution: string, agent: AgentRef, at: Date): void {
    if (this.followUp === FollowUpStatus.FOLLOW_UP_STATUS_NOT_NEEDED) {
      throw new RuleViolation(
        REVIEW_RULE.followUpOnlyForMediumAndBad,
        'only medium and bad reviews are followed up; this review is good',
      );
    }
    if (this.followUp === FollowUpStatus.FOLLOW_UP_STATUS_RESOLVED) {
      throw new RuleViolation(REVIEW_RULE.followUpResolvedOnce, 'this follow-up was already resolved');
    }
    this.followUp = FollowUpStatus.FOLLOW_UP_STATUS_RESOLVED;
    this.resolution = resolution;
    this.resolvedBy = agent;
    this.resolvedAt = at;
  }
}
