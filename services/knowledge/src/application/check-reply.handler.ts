import {
  type CheckReplyRequest,
  type CheckReplyResponse,
  ReplyViolationKind,
} from '@cs/contracts/cs/knowledge/v1/replies_service';
import { Violations } from '@cs/errors';
import { Injectable } from '@nestjs/common';
import { ReplyCheckPolicy } from './reply-check.policy.js';

const TEXT_MAX = 5000;

const kindOf = {
  'negative-wording': ReplyViolationKind.REPLY_VIOLATION_KIND_NEGATIVE_WORDING,
  'forbidden-term': ReplyViolationKind.REPLY_VIOLATION_KIND_FORBIDDEN_TERM,
} as const;

/** Pure and in memory: no database on the way, so the front line can check every reply it sends. */
@Injectable()
export class CheckReplyHandler {
  constructor(private readonly policy: ReplyCheckPolicy) {}

  execute(request: CheckReplyRequest): CheckReplyResponse {
    const violations = new Violations().require('text', request.text);
    if (request.text.length > TEXT_MAX) violations.add('text', `must be at most ${TEXT_MAX} characters`);
    violations.throwIfAny();
    const check = this.policy.check(request.text);
    return {
      ok: check.violations.length === 0,
      violations: check.violations.map((v) => ({
        kind: kindOf[v.kind],
        phrase: v.phrase,
        start: v.start,
        length: v.length,
        alternative: v.alternative,
      })),
      suggestedText: check.suggestedText,
    };
  }
}
