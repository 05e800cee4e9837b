import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type {
  SubmitStandardReplyForReviewRequest,
  SubmitStandardReplyForReviewResponse,
} from '@cs/contracts/cs/knowledge/v1/replies_service';
import { Violations } from '@cs/errors';
import { Injectable } from '@nestjs/common';
import { checkVersionNumber } from './field-checks.js';
import { checkId } from './ids.js';
import { writeStandardReplySubmitted } from './standard-reply.events.js';
import { checkIdempotencyKey } from './standard-reply.validator.js';
import { StandardReplyStepRunner } from './standard-reply-step.runner.js';

/** The newest draft goes to a reviewer. */
@Injectable()
export class SubmitStandardReplyHandler {
  constructor(private readonly runner: StandardReplyStepRunner) {}

  execute(
    request: SubmitStandardReplyForReviewRequest,
    editor: AgentRef,
  ): Promise<SubmitStandardReplyForReviewResponse> {
    const violations = new Violations();
    checkId('reply_id', request.replyId, violations);
    checkVersionNumber(request.version, 'version', violations);
    checkIdempotencyKey(request.idempotencyKey, violations);
    return this.runner.run(
      'SubmitStandardReplyForReview',
      request,
      editor,
      violations,
      (reply, at) => reply.submit(request.version, at),
      (reply, em) => writeStandardReplySubmitted(em, reply, request.version),
    );
  }
}
