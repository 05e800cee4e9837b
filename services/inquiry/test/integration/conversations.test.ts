import { randomUUID } from 'node:crypto';
import {
  Channel,
  ClassificationSource,
  ConversationClass,
  ConversationStatus,
  MessageKind,
} from '@cs/contracts/cs/inquiry/v1/conversation';
import { PatternKind } from '@cs/contracts/cs/inquiry/v1/rules_service';
import { authAs, waitFor } from '@cs/testing';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connector, frontLine, type InquiryHarness, manager, startInquiry, supervisor } from './inquiry-fixture.js';

let h: InquiryHarness;
beforeAll(async () => {
  h = await startInquiry();
  await h.agentOnline('presales-1', ['pre-sales', 'general', 'order-change'], 5);
});
afterAll(() => h?.stop());

describe('ingest: every contact becomes a conversation', () => {
  it('a pre-sales question opens a conversation, classified by the rules and assigned to an agent with the skill', async () => {
    const { conversation, accepted, opened } = await h.ingest('请问这款杯子有货吗？');
    expect({ accepted, opened }).toEqual({ accepted: true, opened: true });
    expect(conversation).toMatchObject({
      conversationClass: ConversationClass.CONVERSATION_CLASS_PRE_SALES,
      classificationSource: ClassificationSource.CLASSIFICATION_SOURCE_RULES,
      team: 'pre-sales',
      status: ConversationStatus.CONVERSATION_STATUS_ASSIGNED,
      assignee: { agentId: 'presales-1', name: 'presales-1' },
    });
    const id = conversation!.conversationId;
    for (const subject of [
      'cs.inquiry.conversation.opened',
      'cs.inquiry.conversation.classified',
      'cs.inquiry.conversation.assigned',
    ]) {
      await waitFor(subject, () => h.events.ofSubject(subject).find((e) => e.data.conversationId === id));
    }
    const opened_ = h.events.ofSubject('cs.inquiry.conversation.opened').find((e) => e.data.conversationId === id)!;
    expect(opened_.headers['ce-aggregateversion']).toBe('1');
  });

  it('a replay of the same channel message id is ignored; a new message joins the open conversation', async () => {
    const customerId = `buyer-${randomUUID()}`;
    const first = await h.ingest('包邮吗？', { customerId, channelMessageId: 'im-1' });
    const replay = await h.ingest('包邮吗？', { customerId, channelMessageId: 'im-1' });
    expect(replay.accepted).toBe(false);
    expect(replay.conversation?.conversationId).toBe(first.conversation?.conversationId);
    const next = await h.ingest('还有优惠吗？', { customerId, channelMessageId: 'im-2' });
    expect(next.opened).toBe(false);
    expect(next.conversation?.messages.map((m) => m.channelMessageId)).toEqual(['im-1', 'im-2']);
  });

  it('two replays at once still store the message once', async () => {
    const customerId = `buyer-${randomUUID()}`;
    const results = await Promise.all(
      [1, 2, 3].map(() => h.ingest('多少钱？', { customerId, channelMessageId: 'dup-1' })),
    );
    expect(results.filter((r) => r.accepted)).toHaveLength(1);
    const { conversation } = await h.conversations.getConversation({
      conversationId: results[0]!.conversation!.conversationId,
    });
    expect(conversation?.messages).toHaveLength(1);
  });

  it('the same works over HTTP/JSON, for every channel (a phone call record here)', async () => {
    const response = await h.http(
      '/cs.inquiry.v1.ConversationsService/IngestMessage',
      {
        channel: 'CHANNEL_PHONE',
        channelMessageId: `call-${randomUUID()}`,
        customer: { customerId: 'buyer-phone', displayName: '王五' },
        body: '来电：询问发货时间',
        attachments: [
          { uri: 'https://recordings.example/call-1.mp3', fileName: 'call-1.mp3', contentType: 'audio/mpeg' },
        ],
        order: { orderId: 'TB42' },
      },
      connector,
    );
    expect(response.status).toBe(200);
    expect(response.body.conversation).toMatchObject({
      channel: 'CHANNEL_PHONE',
      order: { orderId: 'TB42' },
      conversationClass: 'CONVERSATION_CLASS_PRE_SALES',
    });
    expect(response.body.conversation.messages[0].attachments[0].uri).toBe('https://recordings.example/call-1.mp3');
  });
});

describe('agent work on a conversation', () => {
  it('reply, internal note and the record (problem, handling steps, result), then close', async () => {
    const { conversation } = await h.ingest('Is the blue mug in stock?');
    const conversationId = conversation!.conversationId;
    // The agent it was assigned to; remarks carry the name their token gives.
    const agent = h.as(frontLine('presales-1', '张三')).conversations;
    await agent.replyToCustomer({
      conversationId,
      body: '您好，有货的哦',
      attachments: [],
      awaitingCustomer: false,
    });
    await agent.addNote({ conversationId, body: '客户关注蓝色款', attachments: [] });
    await agent.updateRecord({
      conversationId,
      problem: '询问蓝色马克杯库存',
      handlingStep: '查询库存：有货',
      result: '',
    });
    const closed = await agent.closeConversation({ conversationId, result: '已解答，客户满意' });
    expect(closed.conversation).toMatchObject({
      status: ConversationStatus.CONVERSATION_STATUS_CLOSED,
      record: { problem: '询问蓝色马克杯库存', handlingSteps: ['查询库存：有货 ---张三'], result: '已解答，客户满意' },
    });
    expect(closed.conversation?.messages.map((m) => m.kind)).toEqual([
      MessageKind.MESSAGE_KIND_CUSTOMER,
      MessageKind.MESSAGE_KIND_AGENT_REPLY,
      MessageKind.MESSAGE_KIND_INTERNAL_NOTE,
    ]);
    expect(closed.conversation?.messages.slice(1).map((m) => m.author)).toEqual([
      { agentId: 'presales-1', name: '张三' },
      { agentId: 'presales-1', name: '张三' },
    ]);
    expect(closed.conversation?.firstResponseAt).toBeDefined();
    await waitFor('closed event', () =>
      h.events.ofSubject('cs.inquiry.conversation.closed').find((e) => e.data.conversationId === conversationId),
    );
    const error = await agent
      .replyToCustomer({ conversationId, body: '还在吗', attachments: [], awaitingCustomer: false })
      .catch((e) => e);
    expect(error.code).toBe(status.FAILED_PRECONDITION);
  });

  it('an agent override reclassifies and re-routes; after-sales and complaint classes are announced for those services', async () => {
    const { conversation } = await h.ingest('你好');
    const conversationId = conversation!.conversationId;
    expect(conversation?.conversationClass).toBe(ConversationClass.CONVERSATION_CLASS_OTHER);
    const { conversation: overridden } = await h.as(frontLine('presales-1')).conversations.classifyConversation({
      conversationId,
      conversationClass: ConversationClass.CONVERSATION_CLASS_COMPLAINT,
    });
    expect(overridden).toMatchObject({
      classificationSource: ClassificationSource.CLASSIFICATION_SOURCE_AGENT,
      team: 'complaints',
      status: ConversationStatus.CONVERSATION_STATUS_QUEUED,
    });
    const raised = await waitFor('complaint raised', () =>
      h.events
        .ofSubject('cs.inquiry.conversation.complaint_raised')
        .find((e) => e.data.conversationId === conversationId),
    );
    expect(raised.data).toMatchObject({ channel: 'CHANNEL_MARKETPLACE_IM', description: '你好' });

    const refund = await h.ingest('收到的杯子破损了，我要退款');
    expect(refund.conversation?.conversationClass).toBe(ConversationClass.CONVERSATION_CLASS_AFTER_SALES);
    await waitFor('after-sales requested', () =>
      h.events
        .ofSubject('cs.inquiry.conversation.aftersales_requested')
        .find((e) => e.data.conversationId === refund.conversation?.conversationId),
    );
  });

  it('escalation climbs agent → supervisor → manager, then refuses', async () => {
    const { conversation } = await h.ingest('价格多少');
    const conversationId = conversation!.conversationId;
    // Each level passes it up: the agent holding it, a supervisor, the manager.
    await h.as(frontLine('presales-1')).conversations.escalateConversation({ conversationId, reason: '劣质客户' });
    const { conversation: top } = await h.as(supervisor('sup-1')).conversations.escalateConversation({
      conversationId,
      reason: '复杂问题',
    });
    expect(top?.escalationLevel).toBe('ESCALATION_LEVEL_MANAGER');
    const error = await h
      .as(manager('mgr-1'))
      .conversations.escalateConversation({ conversationId, reason: 'again' })
      .catch((e) => e);
    expect(error.code).toBe(status.FAILED_PRECONDITION);
    await waitFor(
      'two escalations',
      () =>
        h.events.ofSubject('cs.inquiry.conversation.escalated').filter((e) => e.data.conversationId === conversationId)
          .length === 2,
    );
  });

  it('the pre-sales script moves forward only', async () => {
    const { conversation } = await h.ingest('有什么优惠');
    const conversationId = conversation!.conversationId;
    const agent = h.as(frontLine('presales-1')).conversations;
    await agent.advanceScriptStage({ conversationId, stage: 'SCRIPT_STAGE_GREETING' as never });
    const { conversation: c } = await agent.advanceScriptStage({
      conversationId,
      stage: 'SCRIPT_STAGE_PRODUCT' as never,
    });
    expect(c?.scriptStage).toBe('SCRIPT_STAGE_PRODUCT');
    const error = await agent
      .advanceScriptStage({ conversationId, stage: 'SCRIPT_STAGE_GREETING' as never })
      .catch((e) => e);
    expect(error.code).toBe(status.FAILED_PRECONDITION);
  });
});

describe('classification rules live in the database', () => {
  it('a rule added over the API classifies the next message, no deploy', async () => {
    expect((await h.rules.testClassification({ text: '我想要开发票抬头改一下' })).conversationClass).toBe(
      ConversationClass.CONVERSATION_CLASS_ORDER_CHANGE,
    );
    expect((await h.rules.testClassification({ text: 'gift wrapping please' })).conversationClass).toBe(
      ConversationClass.CONVERSATION_CLASS_OTHER,
    );
    const { rule } = await h.rules.putClassificationRule({
      rule: {
        ruleId: '',
        conversationClass: ConversationClass.CONVERSATION_CLASS_PRE_SALES,
        kind: PatternKind.PATTERN_KIND_REGEX,
        pattern: 'gift ?wrap',
        priority: 35,
        enabled: true,
      },
    });
    const { conversation } = await h.ingest('Do you offer GIFT WRAPPING?');
    expect(conversation?.conversationClass).toBe(ConversationClass.CONVERSATION_CLASS_PRE_SALES);
    await h.rules.deleteClassificationRule({ ruleId: rule!.ruleId });
    expect((await h.rules.listClassificationRules({})).rules.some((r) => r.ruleId === rule!.ruleId)).toBe(false);
  });

  it('a conversation that opened with a greeting is classified by its first real question', async () => {
    const customerId = `buyer-${randomUUID()}`;
    await h.ingest('在吗', { customerId });
    const { conversation } = await h.ingest('我的快递到哪了', { customerId });
    expect(conversation).toMatchObject({
      conversationClass: ConversationClass.CONVERSATION_CLASS_PARCEL_TRACKING,
      team: 'tracking',
    });
  });
});

describe('reports', () => {
  it('volumes by class and channel, SLA met %, and one CSV row per conversation', async () => {
    const from = new Date(Date.now() - 3_600_000);
    const to = new Date(Date.now() + 60_000);
    const ts = (d: Date) => ({ seconds: Math.floor(d.getTime() / 1000), nanos: 0 });
    // As a supervisor reads them.
    const reader = supervisor('sup-1', '刘主管', 'pre-sales');
    const report = await h.as(reader).reports.getReport({ from: ts(from), to: ts(to) });
    expect(report.conversations).toBeGreaterThan(5);
    expect(report.byChannel.find((c) => c.channel === Channel.CHANNEL_PHONE)?.conversations).toBe(1);
    expect(
      report.byClass.find((c) => c.conversationClass === ConversationClass.CONVERSATION_CLASS_PRE_SALES)?.conversations,
    ).toBeGreaterThan(0);
    expect(report.agents.find((a) => a.key === 'presales-1')).toBeDefined();
    expect(report.teams.length).toBeGreaterThan(0);
    const csvUrl = `${h.sut.service.httpUrl}/reports/conversations.csv?from=${from.toISOString()}&to=${to.toISOString()}`;
    // The export is the report's rows: the same roles may read it, with a token.
    expect((await fetch(csvUrl)).status).toBe(401);
    expect((await fetch(csvUrl, { headers: await authAs(frontLine('presales-1')) })).status).toBe(403);
    const csv = await fetch(csvUrl, { headers: await authAs(reader) });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^conversation_id,opened_at,channel/);
    expect(lines).toHaveLength(report.conversations + 1);
    const header = lines[0]!.split(',');
    expect(header.at(-1)).toBe('accountable_agent_id');
    // Each row: the conversation's id first, its accountable agent (the report's agent key) last.
    const accountable = new Map(lines.slice(1).map((line) => [line.split(',')[0], line.split(',').at(-1)]));
    const presales = report.agents.find((a) => a.key === 'presales-1')!;
    expect([...accountable.values()].filter((agent) => agent === 'presales-1')).toHaveLength(presales.conversations);
    const bad = await fetch(`${h.sut.service.httpUrl}/reports/conversations.csv?from=yesterday`, {
      headers: await authAs(reader),
    });
    expect(bad.status).toBe(400);
  });
});
