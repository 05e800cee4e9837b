import { randomUUID } from 'node:crypto';
import { AgentRole, AgentsServiceService, Presence } from '@cs/contracts/cs/inquiry/v1/agents_service';
import { Channel, MessageKind, Priority } from '@cs/contracts/cs/inquiry/v1/conversation';
import { ConversationsServiceService } from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { ConversationKnowledgeServiceService } from '@cs/contracts/cs/inquiry/v1/knowledge_service';
import { ArticleKind } from '@cs/contracts/cs/knowledge/v1/article';
import { ArticlesServiceService } from '@cs/contracts/cs/knowledge/v1/articles_service';
import { GapStatus, SuggestionsServiceService } from '@cs/contracts/cs/knowledge/v1/suggestions_service';
import { createGrpcClient, type PromiseClient } from '@cs/grpc';
import { bearerFor, type TestCaller, waitFor } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { Cleanups, type ProcessPlatform, startProcessPlatform } from './support/platform-processes.js';
import { type ServiceName } from './support/service-process.js';

// testing.md flow 6 with inquiry and knowledge as separate OS processes on one subject prefix:
// a customer's question that an article answers gets it suggested in the conversation (inquiry →
// cs.inquiry.message.received → knowledge → cs.knowledge.suggestions.made → inquiry); a question
// nothing answers becomes a knowledge gap; an agent's reply with 我不能 is stopped with an alternative
// (inquiry checks it with knowledge over gRPC before sending).

const SERVICES: readonly ServiceName[] = ['knowledge', 'inquiry'];
const platform: TestCaller = { roles: ['service'], agentId: 'service:shop-platform' };
const admin: TestCaller = { roles: ['platform-admin'], agentId: 'admin-1', name: '管理员' };
const agent: TestCaller = { roles: ['front-line-agent'], agentId: 'kf-1', name: '张三', team: 'general' };
const editor: TestCaller = { roles: ['knowledge-editor'], agentId: 'editor-1', name: '编辑甲' };
const reviewer: TestCaller = { roles: ['knowledge-reviewer'], agentId: 'reviewer-1', name: '审核乙' };

let processes: ProcessPlatform;
const cleanups = new Cleanups();
let clients: {
  intake: PromiseClient<typeof ConversationsServiceService>;
  conversations: PromiseClient<typeof ConversationsServiceService>;
  view: PromiseClient<typeof ConversationKnowledgeServiceService>;
  admin: PromiseClient<typeof AgentsServiceService>;
  agents: PromiseClient<typeof AgentsServiceService>;
  editor: PromiseClient<typeof ArticlesServiceService>;
  reviewer: PromiseClient<typeof ArticlesServiceService>;
  gaps: PromiseClient<typeof SuggestionsServiceService>;
};
let articleId: string;

beforeAll(async () => {
  const infrastructure = { postgresUrl: inject('postgresUrl'), natsUrl: inject('natsUrl') };
  processes = await startProcessPlatform(SERVICES, infrastructure, cleanups, (name, grpcAddressOf) =>
    name === 'inquiry'
      ? {
          KNOWLEDGE_GRPC_ADDRESS: grpcAddressOf('knowledge'),
          INQUIRY_REPLY_CHECK: 'refuse',
          // Generous on a machine shared by parallel suites; the 50 ms default is measured in test/load.
          INQUIRY_REPLY_CHECK_DEADLINE_MS: '2000',
        }
      : {},
  );

  const inquiryAt = processes.grpcAddress('inquiry');
  const knowledgeAt = processes.grpcAddress('knowledge');
  clients = {
    intake: createGrpcClient(ConversationsServiceService, inquiryAt, { bearer: bearerFor(platform) }),
    conversations: createGrpcClient(ConversationsServiceService, inquiryAt, { bearer: bearerFor(agent) }),
    view: createGrpcClient(ConversationKnowledgeServiceService, inquiryAt, { bearer: bearerFor(agent) }),
    admin: createGrpcClient(AgentsServiceService, inquiryAt, { bearer: bearerFor(admin) }),
    agents: createGrpcClient(AgentsServiceService, inquiryAt, { bearer: bearerFor(agent) }),
    editor: createGrpcClient(ArticlesServiceService, knowledgeAt, { bearer: bearerFor(editor) }),
    reviewer: createGrpcClient(ArticlesServiceService, knowledgeAt, { bearer: bearerFor(reviewer) }),
    gaps: createGrpcClient(SuggestionsServiceService, knowledgeAt, { bearer: bearerFor(editor) }),
  };
  cleanups.push({
    what: 'close the gRPC clients',
    run: () => {
      for (const client of Object.values(clients)) client.close();
    },
  });

  // The knowledge base answers who pays the return postage.
  const { article } = await clients.editor.createArticle({
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
  await clients.editor.submitForReview({ articleId, version: 1, idempotencyKey: randomUUID() });
  await clients.reviewer.approveVersion({
    articleId,
    version: 1,
    publishAt: undefined,
    note: '',
    idempotencyKey: randomUUID(),
  });

  // The agent serves every team a question may be routed to.
  await clients.admin.registerAgent({
    agentId: 'kf-1',
    name: '张三',
    teams: ['general', 'pre-sales', 'after-sales', 'order-change', 'tracking'],
    role: AgentRole.AGENT_ROLE_AGENT,
    capacity: 20,
  });
  await clients.agents.setPresence({ agentId: 'kf-1', presence: Presence.PRESENCE_ONLINE });
}, 300_000);

afterAll(() => cleanups.runAll(), 60_000);

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => {
    for (const service of processes?.running.values() ?? []) {
      console.error(`--- ${service.name} (pid ${service.pid}) output, last lines ---\n${service.tail()}`);
    }
  });
});

async function customerAsks(body: string): Promise<string> {
  const { conversation } = await clients.intake.ingestMessage({
    channel: Channel.CHANNEL_MARKETPLACE_IM,
    channelMessageId: randomUUID(),
    customer: { customerId: `buyer-${randomUUID().slice(0, 8)}`, displayName: '李四' },
    body,
    attachments: [],
    order: undefined,
    sentAt: { seconds: Math.floor(Date.now() / 1000), nanos: 0 },
    priority: Priority.PRIORITY_NORMAL,
  });
  return conversation!.conversationId;
}

const suggestionsIn = (conversationId: string) =>
  waitFor(
    `knowledge's suggestions in conversation ${conversationId}`,
    async () => (await clients.view.listConversationSuggestions({ conversationId })).suggestions[0],
    { timeoutMs: 20_000 },
  );

describe('flow 6: knowledge in the front line (real processes)', () => {
  it('a question that matches an article gets it suggested in the conversation', async () => {
    const conversationId = await customerAsks('亲，退货运费谁出呀');
    const suggestion = await suggestionsIn(conversationId);
    expect(suggestion.articles[0]).toMatchObject({ articleId, title: '退货运费谁承担' });
    expect(suggestion.isGap).toBe(false);
  });

  it('a question nothing answers becomes a knowledge gap, with the conversation as its example', async () => {
    const conversationId = await customerAsks('你们有线下门店吗');
    expect(await suggestionsIn(conversationId)).toMatchObject({ isGap: true, articles: [] });
    const { gaps } = await clients.gaps.listGaps({ status: GapStatus.GAP_STATUS_OPEN, page: undefined });
    expect(gaps).toEqual([
      expect.objectContaining({
        question: '你们有线下门店吗',
        count: 1,
        examples: [expect.objectContaining({ conversationId, text: '你们有线下门店吗' })],
      }),
    ]);
  });

  it('an agent reply with 我不能 is stopped with the positive alternative; the reworded reply is sent', async () => {
    const conversationId = await customerAsks('这个能便宜点吗');
    const refused = await clients.conversations
      .replyToCustomer({ conversationId, body: '亲，我不能给您便宜', attachments: [], awaitingCustomer: false })
      .catch((error) => error);
    expect(refused.code).toBe(status.FAILED_PRECONDITION);
    expect(refused.details).toContain('「我不能」(第3字) → 「我们可以为您这样处理」');
    await clients.conversations.replyToCustomer({
      conversationId,
      body: '亲，我们可以为您申请店铺优惠券',
      attachments: [],
      awaitingCustomer: false,
    });
    const { conversation } = await clients.conversations.getConversation({ conversationId });
    expect(
      conversation!.messages.filter((m) => m.kind === MessageKind.MESSAGE_KIND_AGENT_REPLY).map((m) => m.body),
    ).toEqual(['亲，我们可以为您申请店铺优惠券']);
  });
});
