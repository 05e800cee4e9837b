import { randomUUID } from 'node:crypto';
import type { EventPayload } from '@cs/contracts';
import { ConversationClass, ConversationStatus, MessageKind } from '@cs/contracts/cs/inquiry/v1/conversation';
import { publishAsProducer, waitFor } from '@cs/testing';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frontLine, type InquiryHarness, startInquiry } from './inquiry-fixture.js';

const SUBJECT = 'cs.complaints.complaint.acknowledged';
type ComplaintAcknowledged = EventPayload<typeof SUBJECT>;

const shopTimeZone = 'Asia/Shanghai';
const shopDate = (at: Date) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: shopTimeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
const complaintsAgent = frontLine('cpl-1', '赵敏');

let h: InquiryHarness;
let nc: NatsConnection;
beforeAll(async () => {
  // A round-the-clock calendar so response minutes are wall-clock minutes whatever the hour.
  h = await startInquiry({ SHOP_TIMEZONE: shopTimeZone, INQUIRY_SHIFTS: '00:00-24:00' });
  nc = await connect({ servers: h.sut.service.config.natsServers });
  await h.agentOnline(complaintsAgent.agentId!, ['complaints'], 50);
});
afterAll(async () => {
  await nc?.drain();
  await h?.stop();
});

/** A customer complains in chat; the front line classifies it as a complaint and announces it. */
async function complaintInChat(options: { sentAt?: Date } = {}) {
  const customerId = `buyer-${randomUUID().slice(0, 8)}`;
  const { conversation } = await h.ingest('我要投诉，收到的杯子有裂纹', { customerId, sentAt: options.sentAt });
  expect(conversation?.conversationClass).toBe(ConversationClass.CONVERSATION_CLASS_COMPLAINT);
  const conversationId = conversation!.conversationId;
  await waitFor('complaint_raised', () =>
    h.events
      .ofSubject('cs.inquiry.conversation.complaint_raised')
      .find((e) => e.data.conversationId === conversationId),
  );
  return { conversationId, customer: conversation!.customer! };
}

function acknowledged(
  conversationId: string,
  customer: { customerId: string; displayName: string },
  overrides: Partial<ComplaintAcknowledged> = {},
): ComplaintAcknowledged {
  return {
    complaintId: randomUUID(),
    number: 'TS-20261203-0007',
    conversationId,
    customer,
    text: '非常抱歉给您带来不好的体验，您的投诉已登记（编号 TS-20261203-0007），我们会尽快处理。',
    acknowledgedAt: { seconds: Math.floor(Date.now() / 1000), nanos: 0 },
    complaintVersion: 1,
    ...overrides,
  };
}

/** Publishes as the complaints relay does and waits until inquiry's consumer committed it. */
const publish = (payload: ComplaintAcknowledged, options: { eventId?: string; msgId?: string } = {}) =>
  publishAsProducer(nc, { subjectPrefix: h.sut.subjectPrefix, consumer: 'inquiry' }, SUBJECT, payload, {
    aggregateId: payload.complaintId,
    ...options,
  });

const conversationOf = async (conversationId: string) =>
  (await h.conversations.getConversation({ conversationId })).conversation!;

describe('the complaints desk’s apology reaches the customer’s conversation', () => {
  it('posted as a reply the customer sees, signed by the complaints desk; the response clocks keep running', async () => {
    const { conversationId, customer } = await complaintInChat();
    const event = acknowledged(conversationId, customer);
    await publish(event);
    const conversation = await conversationOf(conversationId);
    expect(conversation.messages.at(-1)).toMatchObject({
      kind: MessageKind.MESSAGE_KIND_AGENT_REPLY,
      body: event.text,
      author: { agentId: 'service:complaints', name: '投诉处理中心' },
    });
    // An automatic reply is nobody's response: the customer still waits for a person.
    expect(conversation.firstResponseAt).toBeUndefined();
    expect(conversation.status).not.toBe(ConversationStatus.CONVERSATION_STATUS_CLOSED);
  });

  it('once per complaint: redelivered, and re-published under a new event id, it is posted once', async () => {
    const { conversationId, customer } = await complaintInChat();
    const event = acknowledged(conversationId, customer);
    const eventId = await publish(event);
    await publish(event, { eventId, msgId: `redelivery-${randomUUID()}` });
    await publish({ ...event, complaintVersion: 2 });
    const apologies = (await conversationOf(conversationId)).messages.filter((m) => m.body === event.text);
    expect(apologies).toHaveLength(1);
  });

  it('two complaints in one conversation get one apology each', async () => {
    const { conversationId, customer } = await complaintInChat();
    await publish(acknowledged(conversationId, customer));
    await publish(
      acknowledged(conversationId, customer, { text: '非常抱歉，您的第二个投诉已登记（编号 TS-20261203-0008）。' }),
    );
    const replies = (await conversationOf(conversationId)).messages.filter(
      (m) => m.kind === MessageKind.MESSAGE_KIND_AGENT_REPLY,
    );
    expect(replies).toHaveLength(2);
  });

  it('a closed conversation keeps the apology for when the customer returns, and stays closed (no agent is queued for it)', async () => {
    const { conversationId, customer } = await complaintInChat();
    await h.as(complaintsAgent).conversations.closeConversation({ conversationId, result: '已转投诉专员处理' });
    const event = acknowledged(conversationId, customer);
    await publish(event);
    const conversation = await conversationOf(conversationId);
    expect(conversation.status).toBe(ConversationStatus.CONVERSATION_STATUS_CLOSED);
    expect(conversation.messages.at(-1)).toMatchObject({
      kind: MessageKind.MESSAGE_KIND_AGENT_REPLY,
      body: event.text,
    });
  });

  it('an unknown or malformed conversation, or none (a 12315 complaint): acknowledged, nothing posted, nothing dead-lettered', async () => {
    const customer = { customerId: 'buyer-x', displayName: '李四' };
    await publish(acknowledged(randomUUID(), customer));
    await publish(acknowledged('not-a-conversation', customer));
    await publish(acknowledged('', customer));
    expect(h.events.events.filter((e) => e.subject.startsWith('cs.dlq.'))).toEqual([]);
  });

  it('never into another customer’s conversation', async () => {
    const { conversationId } = await complaintInChat();
    const before = (await conversationOf(conversationId)).messages.length;
    await publish(acknowledged(conversationId, { customerId: 'someone-else', displayName: '王五' }));
    expect((await conversationOf(conversationId)).messages).toHaveLength(before);
  });

  it('the agent who answers after the apology is still credited with the first response in their day', async () => {
    const { conversationId, customer } = await complaintInChat({ sentAt: minutesAgo(2) });
    expect((await conversationOf(conversationId)).assignee?.agentId).toBe(complaintsAgent.agentId);
    await publish(acknowledged(conversationId, customer));
    await h.as(complaintsAgent).conversations.replyToCustomer({
      conversationId,
      body: '您好，我是投诉专员赵敏，麻烦您拍一下杯子的照片',
      attachments: [],
      awaitingCustomer: true,
    });
    const log = await h
      .as(complaintsAgent)
      .desk.getDailyWorkLog({ agentId: complaintsAgent.agentId!, date: shopDate(new Date()) });
    // Its only first response today: 2 minutes after the customer wrote, not the apology's seconds.
    expect(log.avgFirstResponseMinutes).toBeGreaterThanOrEqual(1.9);
    expect(log.avgFirstResponseMinutes).toBeLessThan(2.2);
  });
});
