import type { Actor } from '@cs/auth';
import type {
  ListConversationSuggestionsRequest,
  ListConversationSuggestionsResponse,
} from '@cs/contracts/cs/inquiry/v1/knowledge_service';
import { Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { loadConversation } from '../infrastructure/conversation.repository.js';
import { SuggestionStore } from '../infrastructure/suggestion.store.js';
import { ensureInScope, scopeOf } from './staff-scope.js';

/** The suggestions beside a conversation, for whoever may see the conversation. */
@Injectable()
export class ListConversationSuggestionsHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly store: SuggestionStore,
  ) {}

  async execute(
    request: ListConversationSuggestionsRequest,
    actor: Actor,
  ): Promise<ListConversationSuggestionsResponse> {
    new Violations().require('conversation_id', request.conversationId).throwIfAny();
    const em = this.orm.em.fork();
    const conversation = await loadConversation(em, request.conversationId);
    ensureInScope(await scopeOf(em, actor), conversation);
    return { suggestions: await this.store.forConversation(em, conversation.id) };
  }
}
