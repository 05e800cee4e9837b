import type { SuggestionsMade } from '@cs/contracts/cs/knowledge/v1/suggestion_events';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { SuggestionStore } from '../infrastructure/suggestion.store.js';

/** Knowledge's suggestions for a customer message join the agent's view of the conversation. */
@Injectable()
export class StoreSuggestionsHandler {
  constructor(private readonly store: SuggestionStore) {}

  async execute(em: EntityManager, event: SuggestionsMade): Promise<void> {
    if (!event.conversationId || !event.messageId) return;
    await this.store.save(em, {
      conversationId: event.conversationId,
      messageId: event.messageId,
      articles: event.articles,
      replies: event.replies,
      isGap: event.isGap,
      at: new Date(),
    });
  }
}
