import { randomUUID } from 'node:crypto';
import type { EventPayload } from '@cs/contracts';
import { ArticleKind, VersionStatus } from '@cs/contracts/cs/knowledge/v1/article';
import { ArticlesServiceService } from '@cs/contracts/cs/knowledge/v1/articles_service';
import { StandardReplyKind } from '@cs/contracts/cs/knowledge/v1/replies_service';
import { GapStatus } from '@cs/contracts/cs/knowledge/v1/suggestions_service';
import { createGrpcClient } from '@cs/grpc';
import { bearerFor, publishAsProducer, type TestCaller, waitFor } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERASED_QUESTION } from '../../src/domain/knowledge-gap.aggregate.js';
import { editor, frontLineAgent, type RepliesHarness, startKnowledge } from './replies-fixture.js';

const reviewer: TestCaller = { roles: ['knowledge-reviewer'], agentId: 'reviewer-1', name: '审核乙' };

let h: RepliesHarness;
let nc: NatsConnection;
let articleId: string;
const conversationId = randomUUID();

beforeAll(async () => {
  h = await startKnowledge();
  nc = await connect({ servers: h.sut.service.config.natsServers });
  const address = h.sut.service.grpcAddress;
  const asEditor = createGrpcClient(ArticlesServiceService, address, { bearer: bearerFor(editor) });
  const asReviewer = createGrpcClient(ArticlesServiceService, address, { bearer: bearerFor(reviewer) });
  const { article } = await asEditor.createArticle({
    kind: ArticleKind.ARTICLE_KIND_FAQ,
    locale: 'zh-CN',
    content: {
      title: '退货运费谁承担',
      body: '七天无理由退货的运费由买家承担；商品有质量问题的，退货运费由店铺承担。',
      category: '退换货',
      tags: ['退货', '运费'],
      skus: [],
      public: true,
    },
    translationOf: '',
    launch: undefined,
    idempotencyKey: randomUUID(),
  });
  articleId = article!.articleId;
  await asEditor.submitForReview({ articleId, version: 1, idempotencyKey: randomUUID() });
  await asReviewer.approveVersion({
    articleId,
    version: 1,
    publishAt: undefined,
    note: '',
    idempotencyKey: randomUUID(),
  });
  asEditor.close();
  asReviewer.close();
  await h.live({
    kind: StandardReplyKind.STANDARD_REPLY_KIND_EXPLANATION,
    shortcode: 'return-postage',
    team: 'pre-sales',
    text: '{customer_name}，质量问题退货的运费由我们承担',
  });
});
afterAll(async () => {
  await nc?.drain();
  await h?.close();
});

function customerAsks(
  body: string,
  messageId = randomUUID(),
  conversation = conversationId,
  customerId = 'buyer-1',
): Promise<string> {
  const payload: EventPayload<'cs.inquiry.message.received'> = {
    customerId,
    conversationId: conversation,
    messageId,
    body,
    team: 'pre-sales',
    sentAt: { seconds: Math.floor(Date.now() / 1000), nanos: 0 },
    conversationVersion: 2,
  };
  return publishAsProducer(
    nc,
    { subjectPrefix: h.sut.subjectPrefix, consumer: 'knowledge' },
    'cs.inquiry.message.received',
    payload,
    { aggregateId: conversation, aggregateVersion: 2 },
  ).then(() => messageId);
}

const suggestionsFor = (messageId: string) =>
  waitFor(`suggestions for message ${messageId}`, () =>
    h.events.ofSubject('cs.knowledge.suggestions.made').find((e) => e.data.messageId === messageId),
  );

const openGaps = async () =>
  (await h.suggestions.listGaps({ status: GapStatus.GAP_STATUS_OPEN, page: undefined })).gaps;

describe('suggestions for a customer message', () => {
  it('a question an article answers gets the article and a matching standard reply, and is no gap', async () => {
    const messageId = await customerAsks('退货运费谁出呀');
    const made = await suggestionsFor(messageId);
    expect(made.data.conversationId).toBe(conversationId);
    expect((made.data.articles as { articleId: string }[])[0]?.articleId).toBe(articleId);
    expect((made.data.replies as { shortcode: string }[]).map((r) => r.shortcode)).toContain('return-postage');
    expect(made.data.isGap ?? false).toBe(false);
    expect(await openGaps()).toEqual([]);
  });

  it('an agent asking directly gets the same suggestions, and nothing is recorded', async () => {
    const answer = await h
      .as(frontLineAgent)
      .suggestions.suggest({ text: '退货的运费谁承担', team: 'pre-sales', locale: '' });
    expect(answer.articles[0]?.articleId).toBe(articleId);
    expect(answer.articles[0]?.highlight).toContain('【');
    expect(answer.isGap).toBe(false);
    const noAnswer = await h
      .as(frontLineAgent)
      .suggestions.suggest({ text: '可以用数字人民币付款吗', team: 'pre-sales', locale: '' });
    expect(noAnswer).toMatchObject({ articles: [], isGap: true });
    expect(await openGaps()).toEqual([]);
  });
});

describe('gaps: unanswered questions grouped by similarity', () => {
  it('similar questions with no answer are one gap with its count and example conversations; another question is another gap', async () => {
    const other = randomUUID();
    const first = await customerAsks('可以用数字人民币付款吗');
    const second = await customerAsks('能用数字人民币付款吗', randomUUID(), other);
    const third = await customerAsks('你们有线下门店吗');
    for (const id of [first, second, third]) expect((await suggestionsFor(id)).data.isGap).toBe(true);
    const gaps = await openGaps();
    expect(gaps.map((g) => [g.question, g.count])).toEqual([
      ['可以用数字人民币付款吗', 2],
      ['你们有线下门店吗', 1],
    ]);
    expect(gaps[0]?.examples.map((e) => [e.conversationId, e.text])).toEqual([
      [other, '能用数字人民币付款吗'],
      [conversationId, '可以用数字人民币付款吗'],
    ]);
  });

  it('the same message delivered twice counts once', async () => {
    const messageId = randomUUID();
    await customerAsks('发票可以开电子的吗', messageId);
    await customerAsks('发票可以开电子的吗', messageId);
    const gap = (await openGaps()).find((g) => g.question === '发票可以开电子的吗');
    expect(gap?.count).toBe(1);
  });

  it('an editor turns a gap into a draft FAQ: the draft is theirs, the gap closes, and it is drafted only once', async () => {
    const gap = (await openGaps()).find((g) => g.question === '你们有线下门店吗')!;
    const drafted = await h.suggestions.draftFaqFromGap({
      gapId: gap.gapId,
      title: '',
      body: '本店暂无线下门店，所有商品均在网店销售。',
      locale: '',
      category: '',
      idempotencyKey: randomUUID(),
    });
    expect(drafted.gap).toMatchObject({ status: GapStatus.GAP_STATUS_DRAFTED, draftArticleId: drafted.articleId });
    const articles = createGrpcClient(ArticlesServiceService, h.sut.service.grpcAddress, { bearer: bearerFor(editor) });
    const { article } = await articles.getArticle({ articleId: drafted.articleId });
    articles.close();
    expect(article).toMatchObject({ kind: ArticleKind.ARTICLE_KIND_FAQ, locale: 'zh-CN' });
    const latest = article!.versions.at(-1)!;
    expect(latest).toMatchObject({ status: VersionStatus.VERSION_STATUS_DRAFT, author: { agentId: editor.agentId } });
    expect(latest.content).toMatchObject({ title: '你们有线下门店吗', category: '常见问题' });
    expect((await openGaps()).map((g) => g.gapId)).not.toContain(gap.gapId);
    const again = await h.suggestions
      .draftFaqFromGap({
        gapId: gap.gapId,
        title: '',
        body: '再写一次',
        locale: '',
        category: '',
        idempotencyKey: randomUUID(),
      })
      .catch((e) => e);
    expect(again.code).toBe(status.FAILED_PRECONDITION);
  });

  it('agents may not turn gaps into drafts', async () => {
    const gap = (await openGaps())[0]!;
    const denied = await h
      .as(frontLineAgent)
      .suggestions.draftFaqFromGap({
        gapId: gap.gapId,
        title: '',
        body: '答',
        locale: '',
        category: '',
        idempotencyKey: randomUUID(),
      })
      .catch((e) => e);
    expect(denied.code).toBe(status.PERMISSION_DENIED);
  });

  it("a customer's erasure removes their words from the gaps they asked in", async () => {
    const messageId = await customerAsks('支持花呗分期付款吗', randomUUID(), randomUUID(), 'buyer-forget-me');
    await suggestionsFor(messageId);
    await publishAsProducer(
      nc,
      { subjectPrefix: h.sut.subjectPrefix, consumer: 'knowledge' },
      'cs.care.customer.erasure_requested',
      { erasureId: randomUUID(), customerId: 'buyer-forget-me', requestedAt: undefined, requestedBy: 'admin-1' },
      { aggregateId: 'buyer-forget-me' },
    );
    const gaps = await openGaps();
    expect(JSON.stringify(gaps)).not.toContain('花呗');
    expect(gaps.find((g) => g.question === ERASED_QUESTION)).toMatchObject({ count: 1, examples: [] });
  });
});
