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
import { checkAgent, checkText } from './field-checks.js';

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

  async execute(request: EscalateConversationRequest): Promise<EscalateConversationResponse> {
    const violations = new Violations().require('conversation_id', request.conversationId);
    checkAgent('agent', request.agent, violations);
    checkText('reason', request.reason, violations, { max: 1000 });
    violations.throwIfAny();
    let released: string | undefined;
    const conversation = await changeConversation(this.orm, this.reader, request.conversationId, async (em, c, now) => {
      const escalation = await escalateToNextLevel(em, c, request.reason, now, request.agent);
      released = escalation.released;
      return escalation.events;
    });
    if (released) await drainQueues(this.orm, await linesOfAgent(this.orm, released));
    return { conversation };
  }
}
