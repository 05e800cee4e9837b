import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type {
  ArchiveStandardReplyRequest,
  ArchiveStandardReplyResponse,
} from '@cs/contracts/cs/knowledge/v1/replies_service';
import { Violations } from '@cs/errors';
import { Injectable } from '@nestjs/common';
import { checkId } from './ids.js';
import { writeStandardReplyArchived } from './standard-reply.events.js';
import { checkIdempotencyKey } from './standard-reply.validator.js';
import { StandardReplyStepRunner } from './standard-reply-step.runner.js';

/** Gone from render, lists and suggestions at once; the versions stay for editors. */
@Injectable()
export class ArchiveStandardReplyHandler {
  constructor(private readonly runner: StandardReplyStepRunner) {}

  execute(request: ArchiveStandardReplyRequest, actor: AgentRef): Promise<ArchiveStandardReplyResponse> {
    const violations = new Violations();
    checkId('reply_id', request.replyId, violations);
    checkIdempotencyKey(request.idempotencyKey, violations);
    return this.runner.run(
      'ArchiveStandardReply',
      request,
      actor,
      violations,
      (reply, at) => reply.archive(at),
      (reply, em) => writeStandardReplyArchived(em, reply, actor),
    );
  }
}
