import { StandardReplyKind } from '@cs/contracts/cs/knowledge/v1/replies_service';
import { ConcurrentEdit } from '@cs/errors';
import { describe, expect, it } from 'vitest';
import { placeholdersOf, renderReply, unknownPlaceholders } from '../../src/domain/reply-placeholders.rule.js';
import { SHORTCODE_PATTERN, StandardReply } from '../../src/domain/standard-reply.aggregate.js';

const editor = { agentId: 'e1', name: '编辑甲' };
const at = new Date('2026-12-01T02:00:00Z');

function greeting(): StandardReply {
  return StandardReply.create({
    id: 'r1',
    kind: StandardReplyKind.STANDARD_REPLY_KIND_GREETING,
    shortcode: 'hi',
    team: 'pre-sales',
    text: '{customer_name}您好，请问有什么可以帮您?',
    author: editor,
    at,
  });
}

describe('standard replies (礼貌用语)', () => {
  it('placeholders fill in from the values given', () => {
    expect(
      renderReply('{customer_name}您好，订单{order_id}已发货', { customer_name: '王女士', order_id: 'T1' }),
    ).toEqual({
      text: '王女士您好，订单T1已发货',
      missing: [],
    });
  });

  it('missing customer name: the customer is addressed as 亲', () => {
    expect(renderReply('{customer_name}您好', {}).text).toBe('亲您好');
  });

  it('missing order id has no default: it stays as {order_id} and is reported missing', () => {
    expect(renderReply('订单{order_id}已发货，{order_id}', { order_id: ' ' })).toEqual({
      text: '订单{order_id}已发货，{order_id}',
      missing: ['order_id'],
    });
  });

  it('a placeholder the shop does not know is found before it reaches a customer', () => {
    expect(placeholdersOf('{custmer_name}您好 {order_id}')).toEqual(['custmer_name', 'order_id']);
    expect(unknownPlaceholders('{custmer_name}您好 {order_id}')).toEqual(['custmer_name']);
  });

  it('shortcodes are lower-case letters, digits and dashes', () => {
    expect(SHORTCODE_PATTERN.test('thanks-2')).toBe(true);
    expect(SHORTCODE_PATTERN.test('Thanks')).toBe(false);
    expect(SHORTCODE_PATTERN.test('-x')).toBe(false);
  });

  it('every edit makes a new version and keeps the earlier ones', () => {
    const reply = greeting();
    reply.revise('{customer_name}您好，很高兴为您服务', 1, editor, new Date('2026-12-02T00:00:00Z'));
    expect(reply.currentVersion()).toBe(2);
    expect(reply.text).toBe('{customer_name}您好，很高兴为您服务');
    expect(reply.history.map((h) => [h.version, h.text])).toEqual([
      [1, '{customer_name}您好，请问有什么可以帮您?'],
      [2, '{customer_name}您好，很高兴为您服务'],
    ]);
  });

  it('a revision of a version someone else already revised is refused', () => {
    const reply = greeting();
    reply.revise('v2', 1, editor, at);
    expect(() => reply.revise('v2 again', 1, editor, at)).toThrow(ConcurrentEdit);
  });
});
