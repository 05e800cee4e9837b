import { GapStatus } from '@cs/contracts/cs/knowledge/v1/suggestions_service';
import { RuleViolation } from '@cs/errors';

export interface GapExample {
  conversationId: string;
  messageId: string;
  text: string;
  askedAt: string;
}

/** How many example conversations a gap keeps: enough for an editor to see how customers ask. */
export const GAP_EXAMPLES_KEPT = 5;

export const GAP_RULE = { draftedOnce: 'knowledge.gaps.drafted-once' } as const;

/** Questions that found no answer, grouped: a FAQ candidate (知识缺口). */
export class KnowledgeGap {
  id!: string;
  /** The first question of the group. */
  question!: string;
  /** Its segmented words: what later questions are compared with. */
  terms!: string[];
  count!: number;
  /** Newest first. */
  examples!: GapExample[];
  status!: GapStatus;
  draftArticleId!: string | null;
  firstAskedAt!: Date;
  lastAskedAt!: Date;
  version!: number;

  static open(id: string, terms: string[], example: GapExample): KnowledgeGap {
    const at = new Date(example.askedAt);
    return Object.assign(new KnowledgeGap(), {
      id,
      question: example.text,
      terms,
      count: 1,
      examples: [example],
      status: GapStatus.GAP_STATUS_OPEN,
      draftArticleId: null,
      firstAskedAt: at,
      lastAskedAt: at,
    });
  }

  /** Another customer asked the same thing; the same message twice counts once. */
  askedAgain(example: GapExample): void {
    if (this.examples.some((e) => e.messageId === example.messageId && e.conversationId === example.conversationId))
      return;
    this.count += 1;
    this.examples = [example, ...this.examples].slice(0, GAP_EXAMPLES_KEPT);
    const at = new Date(example.askedAt);
    if (at > this.lastAskedAt) this.lastAskedAt = at;
  }

  /** An editor wrote the FAQ: the gap closes and links to its draft. */
  draftedAs(articleId: string): void {
    if (this.status !== GapStatus.GAP_STATUS_OPEN)
      throw new RuleViolation(
        GAP_RULE.draftedOnce,
        `gap ${this.id} was already turned into article ${this.draftArticleId}`,
      );
    this.status = GapStatus.GAP_STATUS_DRAFTED;
    this.draftArticleId = articleId;
  }
}
