import type { Actor } from '@cs/auth';
import type {
  GetConversationRequest,
  GetConversationResponse,
} from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { loadConversation } from '../infrastructure/conversation.repository.js';
import { ConversationReader } from './conversation.reader.js';
import { ensureInScope, scopeOf } from './staff-scope.js';

/** One conversation with its messages, for whoever may see it (conversation-access.rule). */
@Injectable()
export class GetConversationHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly reader: ConversationReader,
  ) {}

  async execute(request: GetConversationRequest, actor: Actor): Promise<GetConversationResponse> {
    new Violations().require('conversation_id', request.conversationId).throwIfAny();
    const em = this.orm.em.fork();
    const conversation = await loadConversation(em, request.conversationId);
    ensureInScope(await scopeOf(em, actor), conversation);
    return { conversation: await this.reader.full(em, conversation) };
  }
}
