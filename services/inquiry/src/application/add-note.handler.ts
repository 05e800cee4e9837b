import type { Actor } from '@cs/auth';
import { MessageKind } from '@cs/contracts/cs/inquiry/v1/conversation';
import type { AddNoteRequest, AddNoteResponse } from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ConversationReader } from './conversation.reader.js';
import { changeConversation } from './conversation-command.js';
import { checkAttachments, checkText } from './field-checks.js';
import { writeMessage } from './message.writer.js';
import { askedBy } from './once-by-key.js';
import { refOf, scopeOf } from './staff-scope.js';

/** An internal note: staff only, never sent to the customer, stops no clock. */
@Injectable()
export class AddNoteHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly reader: ConversationReader,
  ) {}

  async execute(request: AddNoteRequest, actor: Actor): Promise<AddNoteResponse> {
    const violations = new Violations().require('conversation_id', request.conversationId);
    checkText('body', request.body, violations);
    checkAttachments(request.attachments, violations);
    violations.throwIfAny();
    const scope = await scopeOf(this.orm.em.fork(), actor);
    const conversation = await changeConversation(
      this.orm,
      this.reader,
      request.conversationId,
      scope,
      (em, c, now) => {
        c.ensureOpen();
        writeMessage(em, c, MessageKind.MESSAGE_KIND_INTERNAL_NOTE, request.body, now, {
          author: refOf(actor),
          attachments: request.attachments,
        });
      },
      { operation: 'AddNote', asked: askedBy(request, actor) },
    );
    return { conversation };
  }
}
