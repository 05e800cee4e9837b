import { randomUUID } from 'node:crypto';
import {
  type Conversation,
  ConversationClass,
  MessageKind,
  ScriptStage,
} from '@cs/contracts/cs/inquiry/v1/conversation';
import { FollowUpStatus } from '@cs/contracts/cs/inquiry/v1/desk_service';
import { PatternKind } from '@cs/contracts/cs/inquiry/v1/rules_service';
import { authAs, publishAsProducer, type TestCaller } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frontLine, type InquiryClients, type InquiryHarness, overseer, startInquiry } from './inquiry-fixture.js';

// Every inquiry command honours an idempotency key (field, gRPC metadata or HTTP header): a retry
// returns the first answer and changes nothing more.

let h: InquiryHarness;
let nc: NatsConnection;
const agent = frontLine('idem-a1', '张三');
let a1: InquiryClients;
beforeAll(async () => {
  h = await startInquiry();
  nc = await connect({ servers: h.sut.service.config.natsServers });
  await h.agentOnline('idem-a1', ['general', 'pre-sales'], 100);
  a1 = h.as(agent);
});
afterAll(async () => {
  await nc?.drain();
  await h?.stop();
});

/** A new conversation held by a1 (the customer's words match no rule: general queue). */
async function held(): Promise<string> {
  const { conversation } = await h.ingest('在吗');
  expect(conversation?.assignee?.agentId).toBe('idem-a1');
  return conversation!.conversationId;
}

const current = async (conversationId: string) =>
  (await h.conversations.getConversation({ conversationId })).conversation!;
const count = (c: Conversation, kind: MessageKind, body: string) =>
  c.messages.filter((m) => m.kind === kind && m.body === body).length;

/** POST over HTTP/JSON with the `idempotency-key` header and no key in the body. */
async function postWithKeyHeader(
  path: string,
  body: unknown,
  key: string,
  caller: TestCaller = agent,
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${h.sut.service.httpUrl}/cs.inquiry.v1.${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key, ...(await authAs(caller)) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

type Command = (conversationId: string, idempotencyKey: string) => Promise<{ conversation?: Conversation }>;

// Each conversation command, retried with the same key in the body.
const commands: Record<string, Command> = {
  ReplyToCustomer: (conversationId, idempotencyKey) =>
    a1.conversations.replyToCustomer({
      conversationId,
      body: '您好，马上为您查询',
      attachments: [],
      awaitingCustomer: false,
      idempotencyKey,
    }),
  AddNote: (conversationId, idempotencyKey) =>
    a1.conversations.addNote({ conversationId, body: '客户语气急', attachments: [], idempotencyKey }),
  UpdateRecord: (conversationId, idempotencyKey) =>
    a1.conversations.updateRecord({
      conversationId,
      problem: '',
      handlingStep: '查询物流',
      result: '',
      idempotencyKey,
    }),
  ClassifyConversation: (conversationId, idempotencyKey) =>
    a1.conversations.classifyConversation({
      conversationId,
      conversationClass: ConversationClass.CONVERSATION_CLASS_PRE_SALES,
      idempotencyKey,
    }),
  TransferConversation: (conversationId, idempotencyKey) =>
    a1.conversations.transferConversation({
      conversationId,
      toAgentId: '',
      toTeam: 'tracking',
      reason: '',
      idempotencyKey,
    }),
  EscalateConversation: (conversationId, idempotencyKey) =>
    a1.conversations.escalateConversation({ conversationId, reason: '复杂问题', idempotencyKey }),
  CloseConversation: (conversationId, idempotencyKey) =>
    a1.conversations.closeConversation({ conversationId, result: '已解答', idempotencyKey }),
  ConfirmOrder: (conversationId, idempotencyKey) =>
    a1.conversations.confirmOrder({ conversationId, orderId: 'order-idem-1', idempotencyKey }),
  AdvanceScriptStage: (conversationId, idempotencyKey) =>
    a1.conversations.advanceScriptStage({
      conversationId,
      stage: ScriptStage.SCRIPT_STAGE_PRODUCT,
      idempotencyKey,
    }),
};

describe('conversation commands retried under the same idempotency key', () => {
  it.each(Object.keys(commands))('%s: the retry returns the first answer and changes nothing', async (name) => {
    const conversationId = await held();
    const key = randomUUID();
    const first = await commands[name]!(conversationId, key);
    const retry = await commands[name]!(conversationId, key);
    expect(retry).toEqual(first);
    const now = await current(conversationId);
    expect(now.version).toBe(first.conversation!.version);
    expect(now.messages).toHaveLength(first.conversation!.messages.length);
  });

  it('a reply retried posts the message once (key in the body)', async () => {
    const conversationId = await held();
    const key = randomUUID();
    const reply = () =>
      a1.conversations.replyToCustomer({
        conversationId,
        body: '已为您登记',
        attachments: [],
        awaitingCustomer: false,
        idempotencyKey: key,
      });
    await reply();
    await reply();
    expect(count(await current(conversationId), MessageKind.MESSAGE_KIND_AGENT_REPLY, '已为您登记')).toBe(1);
  });

  it('a reply retried with the key in gRPC metadata posts the message once', async () => {
    const conversationId = await held();
    const metadata = { 'idempotency-key': randomUUID() };
    const request = { conversationId, body: '请稍等', attachments: [], awaitingCustomer: false };
    const first = await a1.conversations.replyToCustomer(request, { metadata });
    expect(await a1.conversations.replyToCustomer(request, { metadata })).toEqual(first);
    expect(count(await current(conversationId), MessageKind.MESSAGE_KIND_AGENT_REPLY, '请稍等')).toBe(1);
  });

  it('a note retried over HTTP with the idempotency-key header is written once', async () => {
    const conversationId = await held();
    const key = randomUUID();
    const body = { conversationId, body: '客户要发票', attachments: [] };
    const first = await postWithKeyHeader('ConversationsService/AddNote', body, key);
    expect(first.status).toBe(200);
    const retry = await postWithKeyHeader('ConversationsService/AddNote', body, key);
    expect(retry).toEqual(first);
    expect(count(await current(conversationId), MessageKind.MESSAGE_KIND_INTERNAL_NOTE, '客户要发票')).toBe(1);
  });

  it('the same key for a different request is refused naming idempotency_key, and writes nothing', async () => {
    const conversationId = await held();
    const key = randomUUID();
    await a1.conversations.addNote({ conversationId, body: '第一条', attachments: [], idempotencyKey: key });
    const error = await a1.conversations
      .addNote({ conversationId, body: '另一条', attachments: [], idempotencyKey: key })
      .catch((e) => e);
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.details).toContain('idempotency_key');
    expect(count(await current(conversationId), MessageKind.MESSAGE_KIND_INTERNAL_NOTE, '另一条')).toBe(0);
  });

  it('without a key each call is its own request: two replies post twice', async () => {
    const conversationId = await held();
    const request = { conversationId, body: '好的', attachments: [], awaitingCustomer: false };
    await a1.conversations.replyToCustomer(request);
    await a1.conversations.replyToCustomer(request);
    expect(count(await current(conversationId), MessageKind.MESSAGE_KIND_AGENT_REPLY, '好的')).toBe(2);
  });
});

describe('desk commands take the key from the header too', () => {
  it('AddWorkLogEntry with the key only in the HTTP header is accepted, and its retry returns the first entry', async () => {
    const key = randomUUID();
    const first = await postWithKeyHeader('DeskService/AddWorkLogEntry', { text: '整理了退货单' }, key);
    expect(first.status).toBe(200);
    expect(first.body.entryId).toBeTruthy();
    expect(await postWithKeyHeader('DeskService/AddWorkLogEntry', { text: '整理了退货单' }, key)).toEqual(first);
  });

  it('RegisterProductFeedback with the key only in gRPC metadata: the retry registers nothing more', async () => {
    const metadata = { 'idempotency-key': randomUUID() };
    const request = { product: `杯子-${randomUUID()}`, suggestion: '希望有大号', conversationId: '' };
    const first = await a1.desk.registerProductFeedback(request as never, { metadata });
    expect(await a1.desk.registerProductFeedback(request as never, { metadata })).toEqual(first);
    const [row] = await h.sut.service.orm.em
      .fork()
      .execute<{ n: string }[]>('select count(*) as n from product_feedback where product = ?', [request.product]);
    expect(Number(row!.n)).toBe(1);
  });

  it('CompleteFollowUpTask retried under a key returns the first outcome', async () => {
    const orderId = `order-${randomUUID()}`;
    await publishAsProducer(
      nc,
      { subjectPrefix: h.sut.subjectPrefix, consumer: 'inquiry' },
      'cs.orders.order.payment_reminder_due',
      {
        orderId,
        customer: { customerId: 'buyer-idem', displayName: '赵六' },
        total: { amountMinor: 5900, currency: 'CNY' },
        placedAt: { seconds: Math.floor(Date.now() / 1000) - 3600, nanos: 0 },
        orderVersion: 1,
      },
      { aggregateId: orderId },
    );
    const task = (await h.desk.listFollowUpTasks({ status: FollowUpStatus.FOLLOW_UP_STATUS_OPEN })).tasks.find(
      (t) => t.orderId === orderId,
    )!;
    const key = randomUUID();
    const body = { taskId: task.taskId, outcome: '客户今晚付款' };
    const first = await postWithKeyHeader('DeskService/CompleteFollowUpTask', body, key, overseer);
    expect(first.status).toBe(200);
    expect(first.body.task.status).toBe('FOLLOW_UP_STATUS_DONE');
    expect(await postWithKeyHeader('DeskService/CompleteFollowUpTask', body, key, overseer)).toEqual(first);
  });
});

describe('rule commands retried under the same key', () => {
  it('PutClassificationRule without a rule id, retried: one rule, the same id', async () => {
    const pattern = `测试-${randomUUID()}`;
    const request = {
      rule: {
        ruleId: '',
        conversationClass: ConversationClass.CONVERSATION_CLASS_PRE_SALES,
        kind: PatternKind.PATTERN_KIND_KEYWORD,
        pattern,
        priority: 10,
        enabled: true,
      },
      idempotencyKey: randomUUID(),
    };
    const first = await h.rules.putClassificationRule(request);
    expect(await h.rules.putClassificationRule(request)).toEqual(first);
    const { rules } = await h.rules.listClassificationRules({});
    expect(rules.filter((r) => r.pattern === pattern).map((r) => r.ruleId)).toEqual([first.rule!.ruleId]);
  });

  it('DeleteClassificationRule retried answers as the first call did, not NOT_FOUND', async () => {
    const { rule } = await h.rules.putClassificationRule({
      rule: {
        ruleId: `r-${randomUUID().slice(0, 8)}`,
        conversationClass: ConversationClass.CONVERSATION_CLASS_PRE_SALES,
        kind: PatternKind.PATTERN_KIND_KEYWORD,
        pattern: '删除我',
        priority: 1,
        enabled: true,
      },
    });
    const request = { ruleId: rule!.ruleId, idempotencyKey: randomUUID() };
    expect(await h.rules.deleteClassificationRule(request)).toEqual({});
    expect(await h.rules.deleteClassificationRule(request)).toEqual({});
    const missing = await h.rules.deleteClassificationRule({ ruleId: rule!.ruleId }).catch((e) => e);
    expect(missing.code).toBe(status.NOT_FOUND);
  });
});
