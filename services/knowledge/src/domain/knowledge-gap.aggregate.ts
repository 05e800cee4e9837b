import { GapStatus } from '@cs/contracts/cs/knowledge/v1/suggestions_service';
import { RuleViolation } from '@cs/errors';

export interface GapExample {
  /** Kept so the customer's words can be forgotten on request; never shown. */
  customerId: string;
  conversationId: string;
  messageId: string;
  text: string;
  askedAt: string;
}

/** How many example conversations a gap keeps: enough for an editor to see how customers ask. */
export const GAP_EXAMPLES_KEPT = 5;

/** What stands for a question whose only asker asked to be forgotten. */
export const ERASED_QUESTION = '（提问者已要求删除）';

export const GAP_RULE = { draftedOnce: 'knowledge.gaps.drafted-once' } as const;

/** Questions that found no answer, grouped: a FAQ candidate (知识缺口). */
export class KnowledgeGap {
  id!: string;
  /** The first question of the group (after an erasure: the oldest example left). */
  question!: string;
  questionCustomerId!: string;
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
      questionCustomerId: example.customerId,
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

  /**
   * A customer asked to be forgotten (PIPL): their examples go; a question of theirs is replaced by
   * the oldest example left (or a placeholder), its words with it. The count stays: it was asked.
   */
  forgetCustomer(customerId: string, termsOf: (text: string) => string[]): void {
    this.examples = this.examples.filter((e) => e.customerId !== customerId);
    if (this.questionCustomerId !== customerId) return;
    const oldest = this.examples.at(-1);
    this.question = oldest?.text ?? ERASED_QUESTION;
    this.questionCustomerId = oldest?.customerId ?? '';
    this.terms = oldest ? [...new Set(termsOf(oldest.text))] : [];
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
