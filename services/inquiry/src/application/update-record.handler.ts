import type { Actor } from '@cs/auth';
import type { UpdateRecordRequest, UpdateRecordResponse } from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ConversationReader } from './conversation.reader.js';
import { changeConversation } from './conversation-command.js';
import { checkText } from './field-checks.js';
import { askedBy } from './once-by-key.js';
import { scopeOf } from './staff-scope.js';

/** The record every contact keeps: problem description, handling steps, result. */
@Injectable()
export class UpdateRecordHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly reader: ConversationReader,
  ) {}

  async execute(request: UpdateRecordRequest, actor: Actor): Promise<UpdateRecordResponse> {
    const violations = new Violations().require('conversation_id', request.conversationId);
    checkText('problem', request.problem, violations, { required: false });
    checkText('handling_step', request.handlingStep, violations, { required: false });
    checkText('result', request.result, violations, { required: false });
    if (!request.problem && !request.handlingStep && !request.result)
      violations.add('problem', 'one of problem, handling_step or result is required');
    violations.throwIfAny();
    const scope = await scopeOf(this.orm.em.fork(), actor);
    const conversation = await changeConversation(
      this.orm,
      this.reader,
      request.conversationId,
      scope,
      (_em, c) => {
        if (request.problem) c.recordProblem(request.problem);
        if (request.handlingStep) c.addHandlingStep(`${request.handlingStep} ---${actor.name}`);
        if (request.result) c.recordResult(request.result);
      },
      { operation: 'UpdateRecord', asked: askedBy(request, actor) },
    );
    return { conversation };
  }
}
