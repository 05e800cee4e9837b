import { randomUUID } from 'node:crypto';
import { VersionStatus } from '@cs/contracts/cs/knowledge/v1/article';
import { ReplyViolationKind, StandardReplyKind } from '@cs/contracts/cs/knowledge/v1/replies_service';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRequest,
  frontLineAgent,
  inquiryService,
  type RepliesHarness,
  startKnowledge,
} from './replies-fixture.js';

let h: RepliesHarness;
beforeAll(async () => {
  h = await startKnowledge({ KNOWLEDGE_FORBIDDEN_TERMS: '最好=很好,第一=领先,国家级=优质' });
});
afterAll(() => h?.close());

const codeOf = (call: Promise<unknown>) =>
  call.then(
    () => 'OK',
    (e: { code: number }) => status[e.code],
  );

describe('standard replies (礼貌用语): per team, by kind, versioned', () => {
  it('an editor creates a reply as a draft at version 1, the author the caller; agents see it once published', async () => {
    const { reply } = await h.replies.createStandardReply(createRequest({ shortcode: 'greet' }));
    expect(reply).toMatchObject({
      shortcode: 'greet',
      team: 'pre-sales',
      kind: StandardReplyKind.STANDARD_REPLY_KIND_GREETING,
      version: 1,
      publishedVersion: 0,
      latestStatus: VersionStatus.VERSION_STATUS_DRAFT,
      text: '',
    });
    expect(reply?.history.map((v) => [v.version, v.author?.agentId, v.text])).toEqual([
      [1, 'editor-1', '{customer_name}您好，请问有什么可以帮您?'],
    ]);
    const agent = h.as(frontLineAgent).replies;
    expect(await codeOf(agent.getStandardReply({ replyId: reply!.replyId }))).toBe('NOT_FOUND');
    await h.publish(reply!.replyId, 1);
    const { reply: read } = await agent.getStandardReply({ replyId: reply!.replyId });
    expect(read).toMatchObject({ text: '{customer_name}您好，请问有什么可以帮您?', placeholders: ['customer_name'] });
    expect(read?.history.map((v) => [v.version, v.author?.agentId, v.reviewer?.agentId])).toEqual([
      [1, 'editor-1', 'reviewer-1'],
    ]);
  });

  it('every edit is a new version, the earlier ones stay readable, newest first', async () => {
    const reply = await h.live();
    const revised = await h.replies.reviseStandardReply({
      replyId: reply.replyId,
      text: '{customer_name}您好，很高兴为您服务',
      expectedVersion: 1,
      idempotencyKey: randomUUID(),
    });
    expect(revised.reply?.version).toBe(2);
    const { reply: read } = await h.replies.getStandardReply({ replyId: reply.replyId });
    expect(read?.history.map((v) => [v.version, v.text])).toEqual([
      [2, '{customer_name}您好，很高兴为您服务'],
      [1, '{customer_name}您好，请问有什么可以帮您?'],
    ]);
  });

  it('a revision from an outdated version is refused with ABORTED, and changes nothing', async () => {
    const { reply } = await h.replies.createStandardReply(createRequest());
    const revise = (text: string) =>
      h.replies.reviseStandardReply({
        replyId: reply!.replyId,
        text,
        expectedVersion: 1,
        idempotencyKey: randomUUID(),
      });
    await revise('第一次修改');
    expect(await codeOf(revise('第二次修改'))).toBe('ABORTED');
    const { reply: read } = await h.replies.getStandardReply({ replyId: reply!.replyId });
    expect(read?.history.map((v) => v.text)).toEqual(['第一次修改', '{customer_name}您好，请问有什么可以帮您?']);
  });

  it('a retry with the same idempotency key returns the first reply instead of creating a second', async () => {
    const request = createRequest();
    const first = await h.replies.createStandardReply(request);
    const retry = await h.replies.createStandardReply(request);
    expect(retry.reply?.replyId).toBe(first.reply?.replyId);
  });

  it('a shortcode is unique within its team (FAILED_PRECONDITION), but another team may use it', async () => {
    await h.replies.createStandardReply(createRequest({ shortcode: 'bye', team: 'after-sales', text: '再见' }));
    expect(
      await codeOf(
        h.replies.createStandardReply(createRequest({ shortcode: 'bye', team: 'after-sales', text: '再会' })),
      ),
    ).toBe('FAILED_PRECONDITION');
    expect(
      await codeOf(
        h.replies.createStandardReply(createRequest({ shortcode: 'bye', team: 'complaints', text: '再会' })),
      ),
    ).toBe('OK');
  });

  it("a team's list holds its own live replies and the shop-wide ones, by kind", async () => {
    await h.live({
      shortcode: 'thanks',
      team: '',
      kind: StandardReplyKind.STANDARD_REPLY_KIND_THANKS,
      text: '感谢您的支持',
    });
    await h.live({
      shortcode: 'sorry',
      team: 'tracking',
      kind: StandardReplyKind.STANDARD_REPLY_KIND_APOLOGY,
      text: '抱歉',
    });
    const { replies } = await h.as(frontLineAgent).replies.listStandardReplies({
      team: 'pre-sales',
      kind: StandardReplyKind.STANDARD_REPLY_KIND_UNSPECIFIED,
      inReviewOnly: false,
    });
    const codes = replies.map((r) => r.shortcode);
    expect(codes).toContain('thanks');
    expect(codes).toContain('greet');
    expect(codes).not.toContain('sorry');
    const thanksOnly = await h.replies.listStandardReplies({
      team: 'pre-sales',
      kind: StandardReplyKind.STANDARD_REPLY_KIND_THANKS,
      inReviewOnly: false,
    });
    expect(thanksOnly.replies.map((r) => r.shortcode)).toEqual(['thanks']);
  });

  it('rendering fills placeholders; a missing customer name becomes 亲, a missing order id stays and is reported', async () => {
    await h.live({
      shortcode: 'shipped',
      team: '',
      kind: StandardReplyKind.STANDARD_REPLY_KIND_EXPLANATION,
      text: '{customer_name}，订单{order_id}已发货',
    });
    const agent = h.as(frontLineAgent).replies;
    expect(
      await agent.renderStandardReply({
        shortcode: 'shipped',
        team: 'pre-sales',
        values: { customer_name: '王女士', order_id: 'TB1' },
      }),
    ).toMatchObject({
      text: '王女士，订单TB1已发货',
      missing: [],
      version: 1,
    });
    expect(await agent.renderStandardReply({ shortcode: 'shipped', team: 'pre-sales', values: {} })).toMatchObject({
      text: '亲，订单{order_id}已发货',
      missing: ['order_id'],
    });
    expect(await codeOf(agent.renderStandardReply({ shortcode: 'nothing-here', team: '', values: {} }))).toBe(
      'NOT_FOUND',
    );
  });

  it('agents read replies but do not write them', async () => {
    expect(await codeOf(h.as(frontLineAgent).replies.createStandardReply(createRequest()))).toBe('PERMISSION_DENIED');
  });
});

describe('the reply check', () => {
  it('finds 我不能 with its position and a positive alternative, for agents and for inquiry alike', async () => {
    for (const caller of [frontLineAgent, inquiryService]) {
      const check = await h.as(caller).replies.checkReply({ text: '亲，我不能给您退款' });
      expect(check.ok).toBe(false);
      expect(check.violations).toEqual([
        {
          kind: ReplyViolationKind.REPLY_VIOLATION_KIND_NEGATIVE_WORDING,
          phrase: '我不能',
          start: 2,
          length: 3,
          alternative: '我们可以为您这样处理',
        },
      ]);
      expect(check.suggestedText).toBe('亲，我们可以为您这样处理给您退款');
    }
  });

  it("the shop's configured forbidden list is checked too", async () => {
    const check = await h.replies.checkReply({ text: '这款是国家级最好的' });
    expect(check.violations.map((v) => [v.kind, v.phrase, v.start])).toEqual([
      [ReplyViolationKind.REPLY_VIOLATION_KIND_FORBIDDEN_TERM, '国家级', 3],
      [ReplyViolationKind.REPLY_VIOLATION_KIND_FORBIDDEN_TERM, '最好', 6],
    ]);
  });

  it('a polite reply passes; the same over HTTP', async () => {
    expect(await h.replies.checkReply({ text: '您好，请问有什么可以帮您?' })).toEqual({
      ok: true,
      violations: [],
      suggestedText: '您好，请问有什么可以帮您?',
    });
    const reply = await h.http(
      '/cs.knowledge.v1.RepliesService/CheckReply',
      { text: '好的，但是不行' },
      frontLineAgent,
    );
    expect(reply.status).toBe(200);
    expect(reply.body.violations[0]).toMatchObject({ phrase: '但是', start: 3, alternative: '同时' });
  });
});
