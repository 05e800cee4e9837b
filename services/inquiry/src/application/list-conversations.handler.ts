import { ConversationStatus } from '@cs/contracts/cs/inquiry/v1/conversation';
import type {
  ListConversationsRequest,
  ListConversationsResponse,
} from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Conversation } from '../domain/conversation.aggregate.js';
import { conversationView } from './conversation.view.js';
import { checkEnum } from './field-checks.js';
import { pageOf, readPage } from './paging.js';

/** By status, team or assignee, oldest first; without messages. */
@Injectable()
export class ListConversationsHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: ListConversationsRequest): Promise<ListConversationsResponse> {
    const violations = new Violations();
    if (request.status !== ConversationStatus.CONVERSATION_STATUS_UNSPECIFIED)
      checkEnum('status', request.status, ConversationStatus, violations);
    const page = readPage(request.page, violations);
    violations.throwIfAny();
    const where: Record<string, string> = {};
    if (request.status !== ConversationStatus.CONVERSATION_STATUS_UNSPECIFIED) where.status = request.status;
    if (request.team) where.team = request.team;
    if (request.assigneeId) where.assigneeId = request.assigneeId;
    const rows = await this.orm.em.fork().find(Conversation, where, {
      orderBy: { openedAt: 'asc', id: 'asc' },
      limit: page.limit + 1,
      offset: page.offset,
    });
    const { items, page: next } = pageOf(rows, page);
    return { conversations: items.map((c) => conversationView(c)), page: next };
  }
}
