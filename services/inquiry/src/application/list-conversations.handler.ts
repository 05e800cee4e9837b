import type { Actor } from '@cs/auth';
import { ConversationStatus } from '@cs/contracts/cs/inquiry/v1/conversation';
import type {
  ListConversationsRequest,
  ListConversationsResponse,
} from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { checkEnum, knownValues, Violations } from '@cs/errors';
import { keysetPageOf, readKeysetPage } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { listConversations } from '../infrastructure/conversation.repository.js';
import { conversationView } from './conversation.view.js';
import { scopeOf } from './staff-scope.js';

/** By status, team or assignee, oldest first; without messages; only those the caller may see. */
@Injectable()
export class ListConversationsHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: ListConversationsRequest, actor: Actor): Promise<ListConversationsResponse> {
    const violations = new Violations();
    const filtered = request.status !== ConversationStatus.CONVERSATION_STATUS_UNSPECIFIED;
    if (filtered) checkEnum(request.status, knownValues(ConversationStatus), 'status', violations);
    const page = readKeysetPage(request.page, violations, ['time', 'text']);
    violations.throwIfAny();
    const em = this.orm.em.fork();
    const filter = {
      status: filtered ? request.status : undefined,
      team: request.team,
      assigneeId: request.assigneeId,
    };
    const rows = await listConversations(em, filter, await scopeOf(em, actor), { ...page, limit: page.limit + 1 });
    const { items, page: next } = keysetPageOf(rows, page, (c) => [c.openedAt, c.id]);
    return { conversations: items.map((c) => conversationView(c)), page: next };
  }
}
