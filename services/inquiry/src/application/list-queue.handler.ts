import type { ListQueueRequest, ListQueueResponse } from '@cs/contracts/cs/inquiry/v1/agents_service';
import { ConversationStatus } from '@cs/contracts/cs/inquiry/v1/conversation';
import { Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Conversation } from '../domain/conversation.aggregate.js';
import { conversationView } from './conversation.view.js';

/** A team's queue, oldest first: the order it is served in. */
@Injectable()
export class ListQueueHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: ListQueueRequest): Promise<ListQueueResponse> {
    new Violations().require('team', request.team).throwIfAny();
    const waiting = await this.orm.em
      .fork()
      .find(
        Conversation,
        { status: ConversationStatus.CONVERSATION_STATUS_QUEUED, team: request.team },
        { orderBy: { queuedAt: 'asc', id: 'asc' }, limit: 500 },
      );
    return { conversations: waiting.map((c) => conversationView(c)) };
  }
}
