import type { Actor } from '@cs/auth';
import type { GetStandardReplyRequest, GetStandardReplyResponse } from '@cs/contracts/cs/knowledge/v1/replies_service';
import { NotFound, Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { loadStandardReply } from '../infrastructure/standard-reply.repository.js';
import { checkId } from './ids.js';
import { seesReplyDrafts } from './reader.js';
import { standardReplyView } from './standard-reply.view.js';

/** Writers see every version; agents the live one, and nothing of a reply never published or archived. */
@Injectable()
export class GetStandardReplyHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: GetStandardReplyRequest, reader: Pick<Actor, 'roles'>): Promise<GetStandardReplyResponse> {
    const violations = new Violations();
    checkId('reply_id', request.replyId, violations);
    violations.throwIfAny();
    const reply = await loadStandardReply(this.orm.em.fork(), request.replyId);
    if (seesReplyDrafts(reader)) return { reply: standardReplyView(reply, 'all') };
    if (!reply.isLive()) throw new NotFound('standard reply', request.replyId);
    return { reply: standardReplyView(reply, 'published') };
  }
}
