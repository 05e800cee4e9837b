import { randomUUID } from 'node:crypto';
import { VersionStatus } from '@cs/contracts/cs/knowledge/v1/article';
import { StandardReplyKind } from '@cs/contracts/cs/knowledge/v1/replies_service';
import { richErrorDetails } from '@cs/grpc';
import { type TestCaller, waitFor } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequest, frontLineAgent, type RepliesHarness, reviewer, startKnowledge } from './replies-fixture.js';

const editorReviewer: TestCaller = {
  roles: ['knowledge-editor', 'knowledge-reviewer'],
  agentId: 'editor-c',
  name: '编辑兼审核丙',
};

let h: RepliesHarness;
beforeAll(async () => {
  h = await startKnowledge();
});
afterAll(() => h?.close());

const key = () => randomUUID();
const failure = (call: Promise<unknown>) =>
  call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e) => e as { code: number; metadata: never },
  );
const ruleOf = async (call: Promise<unknown>) => {
  const error = await failure(call);
  expect(status[error.code]).toBe('FAILED_PRECONDITION');
  return richErrorDetails(error.metadata).reason;
};
const render = (shortcode: string) =>
  h
    .as(frontLineAgent)
    .replies.renderStandardReply({ shortcode, team: 'pre-sales', values: { customer_name: '王女士' } });
const eventFor = (subject: string, replyId: string) =>
  waitFor(`the ${subject} event`, () =>
    h.events.ofSubject(subject).find((e) => (e.data as { replyId: string }).replyId === replyId),
  );

describe('standard replies go through review like articles (draft → in review → published)', () => {
  it('submit then approve by a reviewer publishes it: agents render it, both steps are events', async () => {
    const { reply } = await h.replies.createStandardReply(createRequest({ shortcode: 'welcome' }));
    const replyId = reply!.replyId;
    expect(await failure(render('welcome')).then((e) => status[e.code])).toBe('NOT_FOUND');
    const submitted = await h.replies.submitStandardReplyForReview({ replyId, version: 1, idempotencyKey: key() });
    expect(submitted.reply?.latestStatus).toBe(VersionStatus.VERSION_STATUS_IN_REVIEW);
    expect((await eventFor('cs.knowledge.standard_reply.submitted_for_review', replyId)).data).toMatchObject({
      version: 1,
      shortcode: 'welcome',
      author: { agentId: 'editor-1' },
    });
    const approved = await h
      .as(reviewer)
      .replies.approveStandardReply({ replyId, version: 1, note: '通过', idempotencyKey: key() });
    expect(approved.reply).toMatchObject({ publishedVersion: 1, latestStatus: VersionStatus.VERSION_STATUS_PUBLISHED });
    expect(approved.reply?.history[0]).toMatchObject({ reviewer: { agentId: 'reviewer-1' }, reviewNote: '通过' });
    expect(approved.reply?.history[0]?.publishedAt).toBeDefined();
    expect((await eventFor('cs.knowledge.standard_reply.published', replyId)).data).toMatchObject({
      version: 1,
      kind: 'STANDARD_REPLY_KIND_GREETING',
      reviewer: { agentId: 'reviewer-1' },
    });
    expect(await render('welcome')).toMatchObject({ text: '王女士您好，请问有什么可以帮您?', version: 1 });
  });

  it('the published version stays live while the next is drafted, in review and sent back', async () => {
    const live = await h.live({ shortcode: 'busy', text: '{customer_name}，稍等片刻' });
    const replyId = live.replyId;
    await h.replies.reviseStandardReply({
      replyId,
      text: '{customer_name}，马上为您查询',
      expectedVersion: 1,
      idempotencyKey: key(),
    });
    await h.replies.submitStandardReplyForReview({ replyId, version: 2, idempotencyKey: key() });
    expect(await render('busy')).toMatchObject({ text: '王女士，稍等片刻', version: 1 });
    const { replies: waiting } = await h.as(reviewer).replies.listStandardReplies({
      team: 'pre-sales',
      kind: StandardReplyKind.STANDARD_REPLY_KIND_UNSPECIFIED,
      inReviewOnly: true,
    });
    expect(waiting.map((r) => r.shortcode)).toEqual(['busy']);
    const rejected = await h
      .as(reviewer)
      .replies.rejectStandardReply({ replyId, version: 2, reason: '请更具体', idempotencyKey: key() });
    expect(rejected.reply?.history.map((v) => [v.version, v.status, v.reviewNote])).toEqual([
      [2, VersionStatus.VERSION_STATUS_DRAFT, '请更具体'],
      [1, VersionStatus.VERSION_STATUS_PUBLISHED, ''],
    ]);
    expect(await render('busy')).toMatchObject({ text: '王女士，稍等片刻', version: 1 });
    const { reply: asAgent } = await h.as(frontLineAgent).replies.getStandardReply({ replyId });
    expect(asAgent?.history.map((v) => v.version)).toEqual([1]);
    await h.publish(replyId, 2);
    expect(await render('busy')).toMatchObject({ text: '王女士，马上为您查询', version: 2 });
  });

  it('a reviewer never approves or sends back their own version (knowledge.replies.reviewer-is-not-author)', async () => {
    const own = h.as(editorReviewer).replies;
    const { reply } = await own.createStandardReply(createRequest());
    const replyId = reply!.replyId;
    await own.submitStandardReplyForReview({ replyId, version: 1, idempotencyKey: key() });
    expect(await ruleOf(own.approveStandardReply({ replyId, version: 1, note: '', idempotencyKey: key() }))).toBe(
      'knowledge.replies.reviewer-is-not-author',
    );
    expect(await ruleOf(own.rejectStandardReply({ replyId, version: 1, reason: 'x', idempotencyKey: key() }))).toBe(
      'knowledge.replies.reviewer-is-not-author',
    );
    const { reply: after } = await h.replies.getStandardReply({ replyId });
    expect([after?.publishedVersion, after?.latestStatus]).toEqual([0, VersionStatus.VERSION_STATUS_IN_REVIEW]);
  });

  it('refuses steps out of order (knowledge.replies.version-flow, submit-the-latest-version)', async () => {
    const { reply } = await h.replies.createStandardReply(createRequest());
    const replyId = reply!.replyId;
    const asReviewer = h.as(reviewer).replies;
    expect(
      await ruleOf(asReviewer.approveStandardReply({ replyId, version: 1, note: '', idempotencyKey: key() })),
    ).toBe('knowledge.replies.version-flow');
    await h.replies.reviseStandardReply({ replyId, text: '您好', expectedVersion: 1, idempotencyKey: key() });
    expect(await ruleOf(h.replies.submitStandardReplyForReview({ replyId, version: 1, idempotencyKey: key() }))).toBe(
      'knowledge.replies.submit-the-latest-version',
    );
    expect(
      status[
        (await failure(h.replies.submitStandardReplyForReview({ replyId, version: 9, idempotencyKey: key() }))).code
      ],
    ).toBe('NOT_FOUND');
  });

  it('a retried approval returns the first outcome instead of a version-flow refusal', async () => {
    const { reply } = await h.replies.createStandardReply(createRequest());
    const replyId = reply!.replyId;
    await h.replies.submitStandardReplyForReview({ replyId, version: 1, idempotencyKey: key() });
    const request = { replyId, version: 1, note: '', idempotencyKey: key() };
    const first = await h.as(reviewer).replies.approveStandardReply(request);
    const retry = await h.as(reviewer).replies.approveStandardReply(request);
    expect(retry).toEqual(first);
  });

  it('archiving takes the reply from agents and suggestions; editors still read it; it is read-only', async () => {
    const live = await h.live({ shortcode: 'postage', text: '质量问题退货的运费由我们承担' });
    const replyId = live.replyId;
    const suggested = () =>
      h
        .as(frontLineAgent)
        .suggestions.suggest({ text: '退货运费谁承担', team: 'pre-sales', locale: '' })
        .then((s) => s.replies.map((r) => r.shortcode));
    expect(await suggested()).toContain('postage');
    const { reply } = await h.replies.archiveStandardReply({ replyId, idempotencyKey: key() });
    expect(reply).toMatchObject({ archived: true, latestStatus: VersionStatus.VERSION_STATUS_ARCHIVED });
    expect((await eventFor('cs.knowledge.standard_reply.archived', replyId)).data).toMatchObject({
      archivedBy: { agentId: 'editor-1' },
    });
    expect(await suggested()).not.toContain('postage');
    expect(status[(await failure(render('postage'))).code]).toBe('NOT_FOUND');
    expect(status[(await failure(h.as(frontLineAgent).replies.getStandardReply({ replyId }))).code]).toBe('NOT_FOUND');
    expect((await h.replies.getStandardReply({ replyId })).reply?.history).toHaveLength(1);
    expect(
      await ruleOf(h.replies.reviseStandardReply({ replyId, text: '再改', expectedVersion: 1, idempotencyKey: key() })),
    ).toBe('knowledge.replies.archived-is-read-only');
  });

  it('a draft is never suggested nor listed to agents', async () => {
    await h.replies.createStandardReply(createRequest({ shortcode: 'draft-only', text: '发票抬头可以在订单里修改' }));
    const { replies } = await h
      .as(frontLineAgent)
      .suggestions.suggest({ text: '发票抬头怎么修改', team: 'pre-sales', locale: '' });
    expect(replies.map((r) => r.shortcode)).not.toContain('draft-only');
    const listed = await h.as(frontLineAgent).replies.listStandardReplies({
      team: 'pre-sales',
      kind: StandardReplyKind.STANDARD_REPLY_KIND_UNSPECIFIED,
      inReviewOnly: false,
    });
    expect(listed.replies.map((r) => r.shortcode)).not.toContain('draft-only');
  });
});

describe('roles per review step', () => {
  it('editors draft and submit, reviewers approve; agents neither, nor see the review list', async () => {
    const { reply } = await h.replies.createStandardReply(createRequest());
    const replyId = reply!.replyId;
    const agent = h.as(frontLineAgent).replies;
    const codeOf = async (call: Promise<unknown>) => status[(await failure(call)).code];
    expect(await codeOf(agent.submitStandardReplyForReview({ replyId, version: 1, idempotencyKey: key() }))).toBe(
      'PERMISSION_DENIED',
    );
    await h.replies.submitStandardReplyForReview({ replyId, version: 1, idempotencyKey: key() });
    expect(await codeOf(h.replies.approveStandardReply({ replyId, version: 1, note: '', idempotencyKey: key() }))).toBe(
      'PERMISSION_DENIED',
    );
    expect(await codeOf(agent.rejectStandardReply({ replyId, version: 1, reason: 'x', idempotencyKey: key() }))).toBe(
      'PERMISSION_DENIED',
    );
    expect(await codeOf(agent.archiveStandardReply({ replyId, idempotencyKey: key() }))).toBe('PERMISSION_DENIED');
    expect(
      await codeOf(
        agent.listStandardReplies({
          team: 'pre-sales',
          kind: StandardReplyKind.STANDARD_REPLY_KIND_UNSPECIFIED,
          inReviewOnly: true,
        }),
      ),
    ).toBe('PERMISSION_DENIED');
  });
});
