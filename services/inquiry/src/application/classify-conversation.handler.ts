import type { Actor } from '@cs/auth';
import { ClassificationSource, ConversationClass } from '@cs/contracts/cs/inquiry/v1/conversation';
import type {
  ClassifyConversationRequest,
  ClassifyConversationResponse,
} from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { checkEnum, knownValues, Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { teamFor } from '../domain/classification.rule.js';
import { messagesOf } from '../infrastructure/conversation.repository.js';
import { routeToTeam } from './assignment.service.js';
import { conversationClassified } from './conversation.events.js';
import { ConversationReader } from './conversation.reader.js';
import { changeConversation } from './conversation-command.js';
import { askedBy } from './once-by-key.js';
import { scopeOf } from './staff-scope.js';

/** An agent overrides the rules; the conversation moves to that class's team queue. */
@Injectable()
export class ClassifyConversationHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly reader: ConversationReader,
  ) {}

  async execute(request: ClassifyConversationRequest, actor: Actor): Promise<ClassifyConversationResponse> {
    const violations = new Violations().require('conversation_id', request.conversationId);
    checkEnum(request.conversationClass, knownValues(ConversationClass), 'conversation_class', violations);
    violations.throwIfAny();
    const scope = await scopeOf(this.orm.em.fork(), actor);
    const conversation = await changeConversation(
      this.orm,
      this.reader,
      request.conversationId,
      scope,
      async (em, c, now) => {
        c.ensureOpen();
        if (!c.classify(request.conversationClass, ClassificationSource.CLASSIFICATION_SOURCE_AGENT)) return;
        const team = teamFor(request.conversationClass);
        const routed =
          team !== c.team ? await routeToTeam(em, c, team, `reclassified by ${actor.name}`, now) : undefined;
        const words = (await messagesOf(em, c.id)).map((m) => m.body).join('\n');
        return async () => {
          await conversationClassified(em, c, words);
          await routed?.announce();
        };
      },
      { operation: 'ClassifyConversation', asked: askedBy(request, actor) },
    );
    return { conversation };
  }
}
