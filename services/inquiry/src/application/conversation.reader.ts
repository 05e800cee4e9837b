import { CONFIG } from '@cs/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { Conversation } from '../domain/conversation.aggregate.js';
import { type ClockReading, readSlaClocks } from '../domain/sla.rule.js';
import { messagesOf } from '../infrastructure/conversation.repository.js';
import { RuleStore, type TargetsLookup } from '../infrastructure/rule.store.js';
import type { InquiryConfig } from '../inquiry.config.js';
import { conversationView } from './conversation.view.js';

/** A conversation as agents see it: messages, history and its SLA clocks read now. */
@Injectable()
export class ConversationReader {
  constructor(@Inject(CONFIG) private readonly config: InquiryConfig) {}

  /** The policies, read once for a batch of conversations. */
  targetsLookup(em: EntityManager): Promise<TargetsLookup> {
    return RuleStore.targetsLookup(em);
  }

  async clocks(em: EntityManager, c: Conversation, now = new Date(), lookup?: TargetsLookup): Promise<ClockReading[]> {
    return this.clocksWith(c, lookup ?? (await RuleStore.targetsLookup(em)), now);
  }

  /** The clocks with the policies already read. */
  clocksWith(c: Conversation, lookup: TargetsLookup, now = new Date()): ClockReading[] {
    const targets = lookup(c.conversationClass, c.priority);
    return readSlaClocks(
      {
        openedAt: c.openedAt,
        firstResponseAt: c.firstResponseAt,
        awaitingReplySince: c.awaitingReplySince,
        lastNextResponseMinutes: c.nextResponseMinutes.at(-1) ?? null,
        closedAt: c.closedAt,
        pauses: c.pauseSpans(),
      },
      targets,
      now,
      this.config.calendar,
    );
  }

  async full(em: EntityManager, c: Conversation) {
    return conversationView(c, await messagesOf(em, c.id), await this.clocks(em, c));
  }
}
