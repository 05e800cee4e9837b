import type {
  EscalateConversationRequest,
  EscalateConversationResponse,
} from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { conversationEscalated } from './conversation.events.js';
import { ConversationReader } from './conversation.reader.js';
import { changeConversation } from './conversation-command.js';
import { checkAgent, checkText } from './field-checks.js';
import { writeSystemNote } from './message.writer.js';

/** A difficult customer (劣质客户) or a complex problem goes one level up: supervisor, then manager. */
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
    const conversation = await changeConversation(this.orm, this.reader, request.conversationId, (em, c, now) => {
      const levels = c.escalate();
      writeSystemNote(em, c, `升级至 ${levels.to}（${request.agent!.name}）：${request.reason}`, now);
      return () => conversationEscalated(em, c, levels, request.reason, request.agent);
    });
    return { conversation };
  }
}
