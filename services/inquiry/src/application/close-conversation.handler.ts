import type { Actor } from '@cs/auth';
import { CloseReason } from '@cs/contracts/cs/inquiry/v1/conversation';
import type {
  CloseConversationRequest,
  CloseConversationResponse,
} from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AgentStore } from '../infrastructure/agent.store.js';
import { drainQueues, linesOfAgent } from './assignment.service.js';
import { conversationClosed } from './conversation.events.js';
import { ConversationReader } from './conversation.reader.js';
import { changeConversation } from './conversation-command.js';
import { checkText } from './field-checks.js';
import { askedBy } from './once-by-key.js';
import { scopeOf } from './staff-scope.js';

/** An agent closes the conversation with its result; the agent's slot frees and the queue moves. */
@Injectable()
export class CloseConversationHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly reader: ConversationReader,
  ) {}

  async execute(request: CloseConversationRequest, actor: Actor): Promise<CloseConversationResponse> {
    const violations = new Violations().require('conversation_id', request.conversationId);
    checkText('result', request.result, violations, { required: false });
    violations.throwIfAny();
    let released: string | null = null;
    const scope = await scopeOf(this.orm.em.fork(), actor);
    const conversation = await changeConversation(
      this.orm,
      this.reader,
      request.conversationId,
      scope,
      async (em, c, now) => {
        released = c.close(CloseReason.CLOSE_REASON_AGENT, now, request.result || undefined);
        if (released) await AgentStore.release(em, released);
        return () => conversationClosed(em, c);
      },
      { operation: 'CloseConversation', asked: askedBy(request, actor) },
    );
    if (released) await drainQueues(this.orm, await linesOfAgent(this.orm, released));
    return { conversation };
  }
}
