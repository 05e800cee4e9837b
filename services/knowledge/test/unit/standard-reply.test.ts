import { VersionStatus } from '@cs/contracts/cs/knowledge/v1/article';
import { StandardReplyKind } from '@cs/contracts/cs/knowledge/v1/replies_service';
import { ConcurrentEdit, RuleViolation } from '@cs/errors';
import { describe, expect, it } from 'vitest';
import { placeholdersOf, renderReply, unknownPlaceholders } from '../../src/domain/reply-placeholders.rule.js';
import { SHORTCODE_PATTERN, StandardReply } from '../../src/domain/standard-reply.aggregate.js';
import { STANDARD_REPLY_RULE } from '../../src/domain/version-flow.rule.js';

const editor = { agentId: 'e1', name: '编辑甲' };
const reviewer = { agentId: 'r1', name: '审核乙' };
const at = new Date('2026-12-01T02:00:00Z');
const later = (minutes: number) => new Date(at.getTime() + minutes * 60_000);
const GREETING = '{customer_name}您好，请问有什么可以帮您?';

function greeting(): StandardReply {
  return StandardReply.create({
    id: 'r1',
    kind: StandardReplyKind.STANDARD_REPLY_KIND_GREETING,
    shortcode: 'hi',
    team: 'pre-sales',
    text: GREETING,
    author: editor,
    at,
  });
}

/** Version 1 submitted and approved by another: live. */
function live(): StandardReply {
  const reply = greeting();
  reply.submit(1, later(1));
  reply.approve(1, reviewer, '', later(2));
  return reply;
}

function ruleOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof RuleViolation) return error.rule;
    throw error;
  }
  return undefined;
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

  it('a revision of a version someone else already revised is refused', () => {
    const reply = greeting();
    reply.revise('v2', 1, editor, at);
    expect(() => reply.revise('v2 again', 1, editor, at)).toThrow(ConcurrentEdit);
  });
});

describe('standard replies are versioned like articles (knowledge.replies.version-flow)', () => {
  it('a new reply is version 1, a draft: nothing live, nothing for agents to render', () => {
    const reply = greeting();
    expect(reply.latest()).toMatchObject({ version: 1, status: VersionStatus.VERSION_STATUS_DRAFT, author: editor });
    expect([reply.publishedVersion, reply.text, reply.isLive()]).toEqual([0, '', false]);
  });

  it('draft → in review → published: the approved text goes live', () => {
    const reply = live();
    expect(reply.latest()).toMatchObject({
      status: VersionStatus.VERSION_STATUS_PUBLISHED,
      reviewer,
      publishAt: later(2).toISOString(),
    });
    expect([reply.publishedVersion, reply.text, reply.isLive()]).toEqual([1, GREETING, true]);
  });

  it('the published version stays live while the next is drafted, reviewed and sent back', () => {
    const reply = live();
    reply.revise('{customer_name}您好，很高兴为您服务', 1, editor, later(3));
    expect(reply.latestVersion()).toBe(2);
    expect([reply.publishedVersion, reply.text]).toEqual([1, GREETING]);
    reply.submit(2, later(4));
    reply.reject(2, reviewer, '语气再热情些', later(5));
    expect(reply.latest()).toMatchObject({ status: VersionStatus.VERSION_STATUS_DRAFT, reviewNote: '语气再热情些' });
    expect([reply.publishedVersion, reply.text]).toEqual([1, GREETING]);
  });

  it('approving the next version replaces the live one, which is superseded', () => {
    const reply = live();
    reply.revise('{customer_name}您好，很高兴为您服务', 1, editor, later(3));
    reply.submit(2, later(4));
    reply.approve(2, reviewer, '', later(5));
    expect(reply.history.map((v) => [v.version, v.status])).toEqual([
      [1, VersionStatus.VERSION_STATUS_SUPERSEDED],
      [2, VersionStatus.VERSION_STATUS_PUBLISHED],
    ]);
    expect([reply.publishedVersion, reply.text]).toEqual([2, '{customer_name}您好，很高兴为您服务']);
  });

  it('a draft cannot be approved, nor a version submitted twice', () => {
    expect(ruleOf(() => greeting().approve(1, reviewer, '', later(1)))).toBe(STANDARD_REPLY_RULE.versionFlow);
    const reply = greeting();
    reply.submit(1, later(1));
    expect(ruleOf(() => reply.submit(1, later(2)))).toBe(STANDARD_REPLY_RULE.versionFlow);
    expect(ruleOf(() => live().reject(1, reviewer, 'x', later(3)))).toBe(STANDARD_REPLY_RULE.versionFlow);
  });

  it('an edit supersedes the unpublished draft before it; only the newest can be submitted (knowledge.replies.submit-the-latest-version)', () => {
    const reply = greeting();
    reply.submit(1, later(1));
    reply.revise('v2', 1, editor, later(2));
    expect(reply.revision(1).status).toBe(VersionStatus.VERSION_STATUS_SUPERSEDED);
    expect(ruleOf(() => reply.approve(1, reviewer, '', later(3)))).toBe(STANDARD_REPLY_RULE.versionFlow);
    reply.revise('v3', 2, editor, later(4));
    expect(ruleOf(() => reply.submit(2, later(5)))).toBe(STANDARD_REPLY_RULE.submitLatestOnly);
  });
});

describe('reviewer ≠ author for standard replies (knowledge.replies.reviewer-is-not-author)', () => {
  it('the author can neither approve nor send back their own version', () => {
    const reply = greeting();
    reply.submit(1, later(1));
    expect(ruleOf(() => reply.approve(1, editor, '', later(2)))).toBe(STANDARD_REPLY_RULE.reviewerIsNotAuthor);
    expect(ruleOf(() => reply.reject(1, editor, 'x', later(2)))).toBe(STANDARD_REPLY_RULE.reviewerIsNotAuthor);
    expect(reply.latest().status).toBe(VersionStatus.VERSION_STATUS_IN_REVIEW);
  });

  it('the author of the version counts, not who created the reply', () => {
    const reply = live();
    reply.revise('v2', 1, reviewer, later(3));
    reply.submit(2, later(4));
    expect(ruleOf(() => reply.approve(2, reviewer, '', later(5)))).toBe(STANDARD_REPLY_RULE.reviewerIsNotAuthor);
    reply.approve(2, editor, '', later(5));
    expect(reply.publishedVersion).toBe(2);
  });
});

describe('archiving a standard reply (knowledge.replies.archived-is-read-only)', () => {
  it('takes it from agents, archives the live and open versions, and refuses every later step', () => {
    const reply = live();
    reply.revise('v2', 1, editor, later(3));
    reply.archive(later(4));
    expect(reply.isLive()).toBe(false);
    expect(reply.history.map((v) => v.status)).toEqual([
      VersionStatus.VERSION_STATUS_ARCHIVED,
      VersionStatus.VERSION_STATUS_ARCHIVED,
    ]);
    for (const step of [
      () => reply.revise('v3', 2, editor, later(5)),
      () => reply.submit(2, later(5)),
      () => reply.archive(later(5)),
    ])
      expect(ruleOf(step)).toBe(STANDARD_REPLY_RULE.archivedIsReadOnly);
  });
});
