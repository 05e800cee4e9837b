import { MessageKind } from '@cs/contracts/cs/inquiry/v1/conversation';
import { ConversationKnowledgeServiceService, ReplyCheckOutcome } from '@cs/contracts/cs/inquiry/v1/knowledge_service';
import { createGrpcClient, richErrorDetails } from '@cs/grpc';
import { bearerFor, type TestCaller, waitFor } from '@cs/testing';
import { type Metadata, status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RepliesHarness, startKnowledge } from '../../../knowledge/test/integration/replies-fixture.js';
import { frontLine, type InquiryHarness, overseer, startInquiry } from './inquiry-fixture.js';

let knowledge: RepliesHarness;
let h: InquiryHarness;
let warned: InquiryHarness;
let knowledgeDown: InquiryHarness;
const agent = frontLine('k-agent', '张三');

beforeAll(async () => {
  knowledge = await startKnowledge();
  // A generous deadline: this machine is shared by parallel suites; the fail-open path is tested below.
  const shared = { KNOWLEDGE_GRPC_ADDRESS: knowledge.sut.service.grpcAddress, INQUIRY_REPLY_CHECK_DEADLINE_MS: '2000' };
  // Same subject prefix: knowledge consumes inquiry's messages and inquiry knowledge's suggestions.
  h = await startInquiry({ ...shared, SUBJECT_PREFIX: knowledge.sut.subjectPrefix, INQUIRY_REPLY_CHECK: 'refuse' });
  warned = await startInquiry({ ...shared, INQUIRY_REPLY_CHECK: 'warn' });
  // Nothing listens there: knowledge is down for this one.
  knowledgeDown = await startInquiry({ KNOWLEDGE_GRPC_ADDRESS: '127.0.0.1:1', INQUIRY_REPLY_CHECK: 'refuse' });
  for (const inquiry of [h, warned, knowledgeDown]) await inquiry.agentOnline('k-agent', ['general', 'pre-sales'], 100);
});
afterAll(async () => {
  for (const inquiry of [h, warned, knowledgeDown]) await inquiry?.stop();
  await knowledge?.close();
});

const knowledgeView = (inquiry: InquiryHarness, caller: TestCaller = agent) =>
  createGrpcClient(ConversationKnowledgeServiceService, inquiry.sut.service.grpcAddress, { bearer: bearerFor(caller) });

async function conversationOf(inquiry: InquiryHarness, question: string): Promise<string> {
  const { conversation } = await inquiry.ingest(question);
  return conversation!.conversationId;
}

const reply = (inquiry: InquiryHarness, conversationId: string, body: string) =>
  inquiry.as(agent).conversations.replyToCustomer({ conversationId, body, attachments: [], awaitingCustomer: false });

const agentReplies = async (inquiry: InquiryHarness, conversationId: string) =>
  (await inquiry.conversations.getConversation({ conversationId })).conversation!.messages.filter(
    (m) => m.kind === MessageKind.MESSAGE_KIND_AGENT_REPLY,
  );

describe('the reply check before an agent reply is sent', () => {
  it('refuse: a reply with 我不能 is stopped with the positive alternative, not sent, and recorded', async () => {
    const conversationId = await conversationOf(h, '这个能便宜点吗');
    const refused = await reply(h, conversationId, '亲，我不能给您便宜').catch((e) => e);
    expect(refused.code).toBe(status.FAILED_PRECONDITION);
    expect(refused.details).toContain('我不能');
    expect(refused.details).toContain('我们可以为您这样处理');
    expect(await agentReplies(h, conversationId)).toEqual([]);
    const view = knowledgeView(h);
    const { checks } = await view.listReplyChecks({ agentId: '', from: undefined });
    view.close();
    expect(checks).toEqual([
      expect.objectContaining({
        conversationId,
        agentId: 'k-agent',
        outcome: ReplyCheckOutcome.REPLY_CHECK_OUTCOME_REFUSED,
        violations: [expect.objectContaining({ phrase: '我不能', start: 2, alternative: '我们可以为您这样处理' })],
      }),
    ]);
  });

  it('a polite reply goes through', async () => {
    const conversationId = await conversationOf(h, '在吗');
    await reply(h, conversationId, '您好，请问有什么可以帮您?');
    expect((await agentReplies(h, conversationId)).map((m) => m.body)).toEqual(['您好，请问有什么可以帮您?']);
  });

  it('warn: the reply is sent, the warning shows in the conversation and is recorded', async () => {
    const conversationId = await conversationOf(warned, '可以退吗');
    await reply(warned, conversationId, '可以退，但是运费您出');
    const { conversation } = await warned.conversations.getConversation({ conversationId });
    const bodies = conversation!.messages.map((m) => [m.kind, m.body]);
    expect(bodies).toContainEqual([MessageKind.MESSAGE_KIND_AGENT_REPLY, '可以退，但是运费您出']);
    const warning = bodies.find(([kind, body]) => kind === MessageKind.MESSAGE_KIND_SYSTEM && body!.includes('但是'));
    expect(warning?.[1]).toContain('「但是」(第5字) → 「同时」');
    const view = knowledgeView(warned);
    const { checks } = await view.listReplyChecks({ agentId: 'k-agent', from: undefined });
    view.close();
    expect(checks.map((c) => c.outcome)).toEqual([ReplyCheckOutcome.REPLY_CHECK_OUTCOME_WARNED]);
  });

  it('knowledge down: the reply is sent unchecked within the deadline, and that is recorded', async () => {
    const conversationId = await conversationOf(knowledgeDown, '发货了吗');
    const started = performance.now();
    await reply(knowledgeDown, conversationId, '亲，我不能确定');
    expect(performance.now() - started).toBeLessThan(2_000);
    expect((await agentReplies(knowledgeDown, conversationId)).map((m) => m.body)).toEqual(['亲，我不能确定']);
    const view = knowledgeView(knowledgeDown, overseer);
    const { checks } = await view.listReplyChecks({ agentId: 'k-agent', from: undefined });
    view.close();
    expect(checks.map((c) => c.outcome)).toEqual([ReplyCheckOutcome.REPLY_CHECK_OUTCOME_UNCHECKED]);
  });
});

describe("knowledge's suggestions in the agent's view of the conversation", () => {
  it('a customer message gets suggestions by event; an unanswered one is marked as a gap', async () => {
    const conversationId = await conversationOf(h, '你们有线下门店吗');
    const view = knowledgeView(h);
    const { suggestions } = await waitFor('suggestions in the conversation', async () => {
      const found = await view.listConversationSuggestions({ conversationId });
      return found.suggestions.length > 0 && found;
    });
    view.close();
    expect(suggestions[0]).toMatchObject({ isGap: true, articles: [] });
  });

  it('an agent may not read the suggestions or reply checks of another agent', async () => {
    const view = knowledgeView(h, frontLine('someone-else'));
    const denied = await view.listReplyChecks({ agentId: 'k-agent', from: undefined }).catch((e) => e);
    view.close();
    expect(denied.code).toBe(status.PERMISSION_DENIED);
  });
});

describe('ConversationKnowledgeService rejects malformed input naming the field', () => {
  const fieldsOf = (error: { code: number; metadata: Metadata }) => {
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    return richErrorDetails(error.metadata).fieldViolations.map((v) => v.field);
  };

  it('ListConversationSuggestions: conversation id', async () => {
    const view = knowledgeView(h);
    const error = await view.listConversationSuggestions({ conversationId: ' ' }).catch((e) => e);
    view.close();
    expect(fieldsOf(error)).toEqual(['conversation_id']);
  });

  it('ListReplyChecks: agent id, from', async () => {
    const view = knowledgeView(h, overseer);
    const error = await view
      .listReplyChecks({ agentId: 'a'.repeat(129), from: { seconds: -5, nanos: 0 } })
      .catch((e) => e);
    view.close();
    expect(fieldsOf(error)).toEqual(['from', 'agent_id']);
  });

  it('over HTTP too', async () => {
    const reply = await h.http('/cs.inquiry.v1.ConversationKnowledgeService/ListConversationSuggestions', {});
    expect(reply.status).toBe(400);
    expect(reply.body.fieldViolations.map((v: { field: string }) => v.field)).toEqual(['conversation_id']);
  });
});
