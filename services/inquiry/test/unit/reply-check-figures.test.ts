import { ReplyCheckOutcome } from '@cs/contracts/cs/inquiry/v1/knowledge_service';
import { describe, expect, it } from 'vitest';
import { agentReplyChecks, TOP_PHRASES } from '../../src/application/reply-check-figures.js';

const R = ReplyCheckOutcome.REPLY_CHECK_OUTCOME_REFUSED;
const W = ReplyCheckOutcome.REPLY_CHECK_OUTCOME_WARNED;

describe("reply checks in the agent's report", () => {
  it('adds up the outcomes per agent, agents by id', () => {
    const lines = agentReplyChecks(
      [
        { key: 'b', outcome: W, count: 2 },
        { key: 'a', outcome: R, count: 1 },
        { key: 'a', outcome: W, count: 3 },
      ],
      [],
    );
    expect(lines.map((l) => [l.agentId, l.checksRecorded, l.repliesRefused, l.repliesSentWithWarning])).toEqual([
      ['a', 4, 1, 3],
      ['b', 2, 0, 2],
    ]);
  });

  it(`names at most ${TOP_PHRASES} phrases, the most frequent first, in a stable order on ties`, () => {
    const phrases = ['我不能', '我不会', '我不愿意', '我不可以', '但是', '最好', '第一'].map((phrase, i) => ({
      agentId: 'a',
      phrase,
      count: i === 0 ? 9 : 1,
    }));
    const outcomes = [{ key: 'a', outcome: R, count: 7 }];
    const top = agentReplyChecks(outcomes, phrases)[0]!.topViolatedPhrases;
    expect(top).toHaveLength(TOP_PHRASES);
    expect(top[0]).toEqual({ phrase: '我不能', count: 9 });
    expect(agentReplyChecks(outcomes, [...phrases].reverse())[0]!.topViolatedPhrases).toEqual(top);
  });
});
