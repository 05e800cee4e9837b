import { randomUUID } from 'node:crypto';
import { Outbox } from '@cs/bus';
import type { CustomerMessageReceived } from '@cs/contracts/cs/inquiry/v1/events';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { closestGap } from '../domain/gap-similarity.rule.js';
import { type GapExample, KnowledgeGap } from '../domain/knowledge-gap.aggregate.js';
import { openGapsSharingWords } from '../infrastructure/knowledge-gap.repository.js';
import { SuggestionEngine } from './suggestion.engine.js';

/**
 * A customer's message in a conversation: suggestions go back to inquiry as an event (the agent's
 * view shows them when they arrive; sending never waits on them); an unanswered question joins the
 * most similar open gap or opens one. Written with the consumer's unit of work (inbox dedupe).
 */
@Injectable()
export class SuggestForCustomerMessageHandler {
  constructor(private readonly engine: SuggestionEngine) {}

  async execute(em: EntityManager, event: CustomerMessageReceived): Promise<void> {
    if (!event.conversationId || !event.messageId || !event.body.trim()) return;
    const suggestions = await this.engine.suggest(em, { text: event.body, team: event.team });
    let gapId = '';
    if (suggestions.isGap) {
      const example: GapExample = {
        customerId: event.customerId,
        conversationId: event.conversationId,
        messageId: event.messageId,
        text: event.body.slice(0, 500),
        askedAt: event.sentAt
          ? new Date(event.sentAt.seconds * 1000 + Math.floor(event.sentAt.nanos / 1e6)).toISOString()
          : new Date().toISOString(),
      };
      const similar = closestGap(suggestions.terms, await openGapsSharingWords(em, suggestions.terms));
      similar?.askedAgain(example);
      const gap = similar ?? KnowledgeGap.open(randomUUID(), suggestions.terms, example);
      if (!similar) em.persist(gap);
      gapId = gap.id;
      await em.flush();
    }
    await Outbox.add(
      em,
      'cs.knowledge.suggestions.made',
      {
        conversationId: event.conversationId,
        messageId: event.messageId,
        articles: suggestions.articles,
        replies: suggestions.replies,
        isGap: suggestions.isGap,
        gapId,
      },
      { aggregateId: event.conversationId, aggregateVersion: event.conversationVersion },
    );
  }
}
