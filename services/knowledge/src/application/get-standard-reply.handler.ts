import type { GetStandardReplyRequest, GetStandardReplyResponse } from '@cs/contracts/cs/knowledge/v1/replies_service';
import { Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { loadStandardReply } from '../infrastructure/standard-reply.repository.js';
import { checkId } from './ids.js';
import { standardReplyView } from './standard-reply.view.js';

@Injectable()
export class GetStandardReplyHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: GetStandardReplyRequest): Promise<GetStandardReplyResponse> {
    const violations = new Violations();
    checkId('reply_id', request.replyId, violations);
    violations.throwIfAny();
    const reply = await loadStandardReply(this.orm.em.fork(), request.replyId);
    return { reply: standardReplyView(reply, true) };
  }
}
