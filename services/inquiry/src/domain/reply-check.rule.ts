import { ReplyCheckOutcome } from '@cs/contracts/cs/inquiry/v1/knowledge_service';
import type { ReplyViolation } from '@cs/contracts/cs/knowledge/v1/replies_service';

/** INQUIRY_REPLY_CHECK: what a reply with negative wording or a forbidden term does. */
export type ReplyCheckMode = 'refuse' | 'warn' | 'off';
export const REPLY_CHECK_MODES = ['refuse', 'warn', 'off'] as const;

export const REPLY_CHECK_RULE = 'inquiry.replies.positive-wording';

/** What knowledge answered: its violations, or nothing in time. */
export type ReplyCheckAnswer = { violations: ReplyViolation[]; suggestedText: string } | 'unavailable';

export type ReplyCheckDecision =
  | { send: true; record?: ReplyCheckOutcome }
  | { send: false; record: ReplyCheckOutcome.REPLY_CHECK_OUTCOME_REFUSED };

/**
 * The reply check before sending (rule: inquiry.replies.positive-wording, domain.md §6): a reply
 * with violations is refused with the alternatives, or sent with a warning, per the shop's
 * setting; either is recorded for the agent's report. When knowledge does not answer in time the
 * reply is sent unchecked and that is recorded too: the customer must not wait on the checker.
 */
export function decideReply(mode: ReplyCheckMode, answer: ReplyCheckAnswer): ReplyCheckDecision {
  if (answer === 'unavailable') return { send: true, record: ReplyCheckOutcome.REPLY_CHECK_OUTCOME_UNCHECKED };
  if (answer.violations.length === 0) return { send: true };
  if (mode === 'refuse') return { send: false, record: ReplyCheckOutcome.REPLY_CHECK_OUTCOME_REFUSED };
  return { send: true, record: ReplyCheckOutcome.REPLY_CHECK_OUTCOME_WARNED };
}

/** The refusal or warning as the agent reads it: each phrase, where it is, what to say instead. */
export function describeViolations(violations: readonly ReplyViolation[], suggestedText: string): string {
  const each = violations.map((v) => `「${v.phrase}」(第${v.start + 1}字) → 「${v.alternative}」`).join('；');
  return `回复用语需调整：${each}。建议：${suggestedText}`;
}
