import type { Actor } from '@cs/auth';
import type {
  EscalateConversationRequest,
  EscalateConversationResponse,
} from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { drainQueues, linesOfAgent } from './assignment.service.js';
import { ConversationReader } from './conversation.reader.js';
import { changeConversation } from './conversation-command.js';
import { escalateToNextLevel } from './escalation.service.js';
import { checkText } from './field-checks.js';
import { askedBy } from './once-by-key.js';
import { refOf, scopeOf } from './staff-scope.js';

/**
 * A difficult customer (劣质客户) or a complex problem goes one level up, to a supervisor, then the
 * manager, who takes it over; the agent's slot frees for their queue.
 */
@Injectable()
export class EscalateConversationHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly reader: ConversationReader,
  ) {}

  async execute(request: EscalateConversationRequest, actor: Actor): Promise<EscalateConversationResponse> {
    const violations = new Violations().require('conversation_id', request.conversationId);
    checkText('reason', request.reason, violations, { max: 1000 });
    violations.throwIfAny();
    let released: string | undefined;
    const scope = await scopeOf(this.orm.em.fork(), actor);
    const conversation = await changeConversation(
      this.orm,
      this.reader,
      request.conversationId,
      scope,
      async (em, c, now) => {
        const escalation = await escalateToNextLevel(em, c, request.reason, now, refOf(actor));
        released = escalation.released;
        return escalation.events;
      },
      { operation: 'EscalateConversation', asked: askedBy(request, actor) },
    );
    if (released) await drainQueues(this.orm, await linesOfAgent(this.orm, released));
    return { conversation };
  }
}
