import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type {
  RejectStandardReplyRequest,
  RejectStandardReplyResponse,
} from '@cs/contracts/cs/knowledge/v1/replies_service';
import { checkLength, Violations } from '@cs/errors';
import { Injectable } from '@nestjs/common';
import { checkVersionNumber } from './field-checks.js';
import { checkId } from './ids.js';
import { checkIdempotencyKey } from './standard-reply.validator.js';
import { StandardReplyStepRunner } from './standard-reply-step.runner.js';

/** Back to the author as a draft with the reason; the live version stays live. */
@Injectable()
export class RejectStandardReplyHandler {
  constructor(private readonly runner: StandardReplyStepRunner) {}

  execute(request: RejectStandardReplyRequest, reviewer: AgentRef): Promise<RejectStandardReplyResponse> {
    const violations = new Violations();
    checkId('reply_id', request.replyId, violations);
    checkVersionNumber(request.version, 'version', violations);
    violations.require('reason', request.reason, 'is required: the author needs to know what to change');
    checkLength(request.reason, 'reason', 500, violations);
    checkIdempotencyKey(request.idempotencyKey, violations);
    return this.runner.run('RejectStandardReply', request, reviewer, violations, (reply, at) =>
      reply.reject(request.version, reviewer, request.reason, at),
    );
  }
}
