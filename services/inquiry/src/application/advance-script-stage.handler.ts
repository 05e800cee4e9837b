import type { Actor } from '@cs/auth';
import { ScriptStage } from '@cs/contracts/cs/inquiry/v1/conversation';
import type {
  AdvanceScriptStageRequest,
  AdvanceScriptStageResponse,
} from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { checkEnum, knownValues, Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ConversationReader } from './conversation.reader.js';
import { changeConversation } from './conversation-command.js';
import { askedBy } from './once-by-key.js';
import { scopeOf } from './staff-scope.js';

/** 服务流程: where the pre-sales conversation stands in the script. */
@Injectable()
export class AdvanceScriptStageHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly reader: ConversationReader,
  ) {}

  async execute(request: AdvanceScriptStageRequest, actor: Actor): Promise<AdvanceScriptStageResponse> {
    const violations = new Violations().require('conversation_id', request.conversationId);
    checkEnum(request.stage, knownValues(ScriptStage), 'stage', violations);
    violations.throwIfAny();
    const scope = await scopeOf(this.orm.em.fork(), actor);
    const conversation = await changeConversation(
      this.orm,
      this.reader,
      request.conversationId,
      scope,
      (_em, c) => {
        c.advanceScript(request.stage);
      },
      { operation: 'AdvanceScriptStage', asked: askedBy(request, actor) },
    );
    return { conversation };
  }
}
