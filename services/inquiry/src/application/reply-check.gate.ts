import type { Actor } from '@cs/auth';
import { RuleViolation } from '@cs/errors';
import { CONFIG } from '@cs/service-kit';
import { type EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import {
  decideReply,
  describeViolations,
  REPLY_CHECK_RULE,
  type ReplyCheckAnswer,
} from '../domain/reply-check.rule.js';
import { KnowledgeClient } from '../infrastructure/knowledge.client.js';
import { type ReplyCheckEntry, ReplyCheckStore } from '../infrastructure/reply-check.store.js';
import type { InquiryConfig } from '../inquiry.config.js';

/** What the reply handler writes with the reply: the warning note and the check record. */
export type ReplyCheckAftermath = { warning?: string; record?: ReplyCheckEntry } | undefined;

/**
 * The reply check before an agent's reply is sent (rule in domain/reply-check.rule.ts). A refusal
 * is recorded in its own transaction and thrown (FAILED_PRECONDITION with the alternatives); a
 * warning or a fail-open send is returned for the reply's own transaction to record.
 */
@Injectable()
export class ReplyCheckGate {
  constructor(
    private readonly orm: MikroORM,
    private readonly knowledge: KnowledgeClient,
    private readonly store: ReplyCheckStore,
    @Inject(CONFIG) private readonly config: InquiryConfig,
  ) {}

  async beforeSending(text: string, conversationId: string, actor: Actor): Promise<ReplyCheckAftermath> {
    const mode = this.config.inquiryReplyCheck;
    if (mode === 'off') return undefined;
    const answer: ReplyCheckAnswer = await this.knowledge.checkReply(text);
    const decision = decideReply(mode, answer);
    if (!decision.record) return undefined;
    const violations = answer === 'unavailable' ? [] : answer.violations;
    const record = { conversationId, agentId: actor.agentId, outcome: decision.record, violations, at: new Date() };
    const explanation = answer === 'unavailable' ? '' : describeViolations(answer.violations, answer.suggestedText);
    if (!decision.send) {
      await this.orm.em.fork().transactional((em) => this.store.record(em, record));
      throw new RuleViolation(REPLY_CHECK_RULE, explanation);
    }
    return { record, warning: explanation || undefined };
  }

  async recordAftermath(em: EntityManager, aftermath: ReplyCheckAftermath): Promise<void> {
    if (aftermath?.record) await this.store.record(em, aftermath.record);
  }
}
