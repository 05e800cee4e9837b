import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type {
  ApproveStandardReplyRequest,
  ApproveStandardReplyResponse,
} from '@cs/contracts/cs/knowledge/v1/replies_service';
import { checkLength, Violations } from '@cs/errors';
import { Injectable } from '@nestjs/common';
import { checkVersionNumber } from './field-checks.js';
import { checkId } from './ids.js';
import { writeStandardReplyPublished } from './standard-reply.events.js';
import { checkIdempotencyKey } from './standard-reply.validator.js';
import { StandardReplyStepRunner } from './standard-reply-step.runner.js';

/** The reviewer (never the author) publishes the version: agents get it from the next render on. */
@Injectable()
export class ApproveStandardReplyHandler {
  constructor(private readonly runner: StandardReplyStepRunner) {}

  execute(request: ApproveStandardReplyRequest, reviewer: AgentRef): Promise<ApproveStandardReplyResponse> {
    const violations = new Violations();
    checkId('reply_id', request.replyId, violations);
    checkVersionNumber(request.version, 'version', violations);
    checkLength(request.note, 'note', 500, violations);
    checkIdempotencyKey(request.idempotencyKey, violations);
    return this.runner.run(
      'ApproveStandardReply',
      request,
      reviewer,
      violations,
      (reply, at) => reply.approve(request.version, reviewer, request.note, at),
      (reply, em) => writeStandardReplyPublished(em, reply),
    );
  }
}
