import { StandardReplyKind } from '@cs/contracts/cs/knowledge/v1/replies_service';
import { describe, expect, it } from 'vitest';
import { rankReplies } from '../../src/domain/reply-ranking.rule.js';
import { StandardReply } from '../../src/domain/standard-reply.aggregate.js';

/** A live reply: ranking reads the published text. */
function reply(shortcode: string, team: string, text: string): StandardReply {
  const live = StandardReply.create({
    id: shortcode,
    kind: StandardReplyKind.STANDARD_REPLY_KIND_EXPLANATION,
    shortcode,
    team,
    text,
    author: { agentId: 'e', name: 'e' },
    at: new Date(0),
  });
  live.submit(1, new Date(0));
  live.approve(1, { agentId: 'r', name: 'r' }, '', new Date(0));
  return live;
}
const words = (text: string) => text.split(' ');

describe('standard replies suggested for a question (knowledge.suggestions.reply-ranking)', () => {
  it('ranked by the words they share with the question; none shared, not suggested', () => {
    const ranked = rankReplies(
      ['退货', '运费'],
      [reply('one', '', '退货 说明'), reply('two', '', '退货 运费 说明'), reply('none', '', '您好')],
      'pre-sales',
      words,
    );
    expect(ranked.map((r) => r.reply.shortcode)).toEqual(['two', 'one']);
  });

  it("the conversation's team's own reply comes before a shop-wide one of the same score", () => {
    const ranked = rankReplies(
      ['退货'],
      [reply('a-shop', '', '退货'), reply('b-team', 'pre-sales', '退货')],
      'pre-sales',
      words,
    );
    expect(ranked.map((r) => r.reply.shortcode)).toEqual(['b-team', 'a-shop']);
  });

  it('at most three are suggested', () => {
    const many = ['a', 'b', 'c', 'd'].map((s) => reply(s, '', '退货'));
    expect(rankReplies(['退货'], many, '', words)).toHaveLength(3);
  });
});
