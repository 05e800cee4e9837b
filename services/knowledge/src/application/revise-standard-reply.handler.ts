import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type {
  ReviseStandardReplyRequest,
  ReviseStandardReplyResponse,
} from '@cs/contracts/cs/knowledge/v1/replies_service';
import { Violations } from '@cs/errors';
import { runIdempotent } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { loadStandardReply } from '../infrastructure/standard-reply.repository.js';
import { checkId } from './ids.js';
import { checkIdempotencyKey, checkReplyText } from './standard-reply.validator.js';
import { standardReplyView } from './standard-reply.view.js';

/** Every edit is a new draft (the live version stays); an edit of a version already revised is refused (ABORTED). */
@Injectable()
export class ReviseStandardReplyHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: ReviseStandardReplyRequest, author: AgentRef): Promise<ReviseStandardReplyResponse> {
    const violations = new Violations();
    checkId('reply_id', request.replyId, violations);
    checkReplyText(request.text, violations);
    if (!Number.isSafeInteger(request.expectedVersion) || request.expectedVersion < 1)
      violations.add('expected_version', 'must be the positive version the edit started from');
    checkIdempotencyKey(request.idempotencyKey, violations);
    violations.throwIfAny();
    const acting = { ...request, author };
    return runIdempotent(this.orm, 'ReviseStandardReply', acting, async (em) => {
      const reply = await loadStandardReply(em, request.replyId);
      reply.revise(request.text, request.expectedVersion, author, new Date());
      await em.flush();
      return { response: { reply: standardReplyView(reply, 'all') } };
    });
  }
}
