import { ReplyCheckOutcome } from '@cs/contracts/cs/inquiry/v1/knowledge_service';
import { ReplyViolationKind } from '@cs/contracts/cs/knowledge/v1/replies_service';
import { describe, expect, it } from 'vitest';
import { decideReply, describeViolations } from '../../src/domain/reply-check.rule.js';

const violation = {
  kind: ReplyViolationKind.REPLY_VIOLATION_KIND_NEGATIVE_WORDING,
  phrase: '我不能',
  start: 2,
  length: 3,
  alternative: '我们可以为您这样处理',
};
const flagged = { violations: [violation], suggestedText: '亲，我们可以为您这样处理' };
const clean = { violations: [], suggestedText: '您好' };

describe('the reply check before sending (inquiry.replies.positive-wording)', () => {
  it('a clean reply is sent and nothing is recorded', () => {
    expect(decideReply('refuse', clean)).toEqual({ send: true });
  });

  it('refuse: a reply with negative wording is not sent, and the refusal is recorded', () => {
    expect(decideReply('refuse', flagged)).toEqual({
      send: false,
      record: ReplyCheckOutcome.REPLY_CHECK_OUTCOME_REFUSED,
    });
  });

  it('warn: it is sent with a warning, recorded', () => {
    expect(decideReply('warn', flagged)).toEqual({ send: true, record: ReplyCheckOutcome.REPLY_CHECK_OUTCOME_WARNED });
  });

  it('knowledge did not answer in time: sent unchecked (fail open), recorded', () => {
    expect(decideReply('refuse', 'unavailable')).toEqual({
      send: true,
      record: ReplyCheckOutcome.REPLY_CHECK_OUTCOME_UNCHECKED,
    });
  });

  it('the agent reads each phrase, where it is and what to say instead', () => {
    expect(describeViolations(flagged.violations, flagged.suggestedText)).toBe(
      '回复用语需调整：「我不能」(第3字) → 「我们可以为您这样处理」。建议：亲，我们可以为您这样处理',
    );
  });
});
