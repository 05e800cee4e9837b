import { randomUUID } from 'node:crypto';
import {
  CloseReason,
  ConversationClass,
  ConversationStatus,
  EscalationLevel,
  Priority,
  SlaMetric,
} from '@cs/contracts/cs/inquiry/v1/conversation';
import { staysTrue, waitFor } from '@cs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frontLine, type InquiryHarness, startInquiry } from './inquiry-fixture.js';

let h: InquiryHarness;
beforeAll(async () => {
  // A round-the-clock calendar so the test does not depend on the hour it runs at; the shift
  // arithmetic itself is unit-tested. Contacts are back-dated through sent_at (a call record's start).
  h = await startInquiry({
    INQUIRY_SHIFTS: '00:00-24:00',
    INQUIRY_SCHEDULER_POLL_MS: '100',
    INQUIRY_AUTO_CLOSE_QUIET_SECONDS: '1',
  });
  // s1 also serves the unclassified ('general') queue, where a bare order confirmation lands.
  await h.agentOnline('s1', ['pre-sales', 'general'], 10);
});
afterAll(() => h?.stop());

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

describe('SLA clocks and automatic escalation', () => {
  it('an unanswered contact past its first-response target: breach event and escalation to the supervisor', async () => {
    const { conversation } = await h.ingest('有货吗', { sentAt: minutesAgo(4) });
    const id = conversation!.conversationId;
    const breach = await waitFor('breach', () =>
      h.events.ofSubject('cs.inquiry.sla.breached').find((e) => e.data.conversationId === id),
    );
    expect(breach.data).toMatchObject({
      metric: 'SLA_METRIC_FIRST_RESPONSE',
      targetMinutes: 3,
      assignee: { agentId: 's1' },
    });
    const escalated = await waitFor('escalated', () =>
      h.events.ofSubject('cs.inquiry.conversation.escalated').find((e) => e.data.conversationId === id),
    );
    expect(escalated.data).toMatchObject({
      fromLevel: 'ESCALATION_LEVEL_AGENT',
      toLevel: 'ESCALATION_LEVEL_SUPERVISOR',
    });
    const { conversation: now } = await h.conversations.getConversation({ conversationId: id });
    expect(now?.escalationLevel).toBe(EscalationLevel.ESCALATION_LEVEL_SUPERVISOR);
    expect(now?.sla.find((c) => c.metric === SlaMetric.SLA_METRIC_FIRST_RESPONSE)?.breached).toBe(true);
  });

  it('near breach is announced once, before the breach', async () => {
    await h.rules.putSlaPolicy({
      policy: {
        conversationClass: 'CONVERSATION_CLASS_PARCEL_TRACKING' as never,
        priority: 'PRIORITY_NORMAL' as never,
        firstResponseMinutes: 10,
        nextResponseMinutes: 10,
        resolutionMinutes: 600,
      },
    });
    const { conversation } = await h.ingest('物流到哪了', { sentAt: minutesAgo(9) });
    const id = conversation!.conversationId;
    await waitFor('near breach', () =>
      h.events.ofSubject('cs.inquiry.sla.near_breach').find((e) => e.data.conversationId === id),
    );
    expect(h.events.ofSubject('cs.inquiry.sla.breached').some((e) => e.data.conversationId === id)).toBe(false);
  });

  it('while waiting on the customer the clocks pause', async () => {
    const { conversation } = await h.ingest('尺码怎么选', { sentAt: minutesAgo(1) });
    const id = conversation!.conversationId;
    const { conversation: replied } = await h.as(frontLine('s1')).conversations.replyToCustomer({
      conversationId: id,
      body: '请问您的身高体重？',
      attachments: [],
      awaitingCustomer: true,
    });
    expect(replied?.waitingOnCustomer).toBe(true);
    const resolution = () => replied!.sla.find((c) => c.metric === SlaMetric.SLA_METRIC_RESOLUTION)!;
    const before = resolution().elapsedMinutes;
    const { conversation: later } = await h.conversations.getConversation({ conversationId: id });
    expect(later!.sla.find((c) => c.metric === SlaMetric.SLA_METRIC_RESOLUTION)!.elapsedMinutes).toBeCloseTo(before, 1);
  });
});

describe('the next-response clock: every later customer message needs an answer in time', () => {
  // Order changes here: a first reply may take 30 minutes, every later answer 1 minute. A target is
  // a whole number of business minutes, so these two tests wait out one real minute, side by side.
  const nextResponseTarget = 1;
  // The agent who holds these conversations.
  const agent = () => h.as(frontLine('s2'));
  beforeAll(async () => {
    await h.agentOnline('s2', ['order-change'], 10);
    await h.rules.putSlaPolicy({
      policy: {
        conversationClass: ConversationClass.CONVERSATION_CLASS_ORDER_CHANGE,
        priority: Priority.PRIORITY_NORMAL,
        firstResponseMinutes: 30,
        nextResponseMinutes: nextResponseTarget,
        resolutionMinutes: 600,
      },
    });
  });

  const clock = async (conversationId: string, metric: SlaMetric) =>
    (await h.conversations.getConversation({ conversationId })).conversation!.sla.find((c) => c.metric === metric);
  const eventsFor = (subject: string, conversationId: string, metric?: SlaMetric) =>
    h.events
      .ofSubject(subject)
      .filter((e) => e.data.conversationId === conversationId && (!metric || e.data.metric === metric));
  const reply = (conversationId: string) =>
    agent().conversations.replyToCustomer({
      conversationId,
      body: '好的，马上为您处理',
      attachments: [],
      awaitingCustomer: false,
    });

  /** A conversation whose first reply came in time; the customer then writes again, now. */
  async function answeredThenWrittenAgain(firstSentAt: Date): Promise<{ id: string; writtenAgainAt: number }> {
    const customerId = `buyer-${randomUUID().slice(0, 8)}`;
    const { conversation } = await h.ingest('我想改地址', { customerId, sentAt: firstSentAt });
    expect(conversation?.conversationClass).toBe(ConversationClass.CONVERSATION_CLASS_ORDER_CHANGE);
    const id = conversation!.conversationId;
    const { conversation: replied } = await reply(id);
    expect(replied?.firstResponseAt).toBeDefined();
    expect(replied?.sla.find((c) => c.metric === SlaMetric.SLA_METRIC_NEXT_RESPONSE)).toBeUndefined();
    const writtenAgainAt = Date.now();
    const { conversation: again, opened } = await h.ingest('新地址是文一路99号，麻烦改一下', { customerId });
    expect(opened).toBe(false);
    expect(again?.conversationId).toBe(id);
    expect(again?.sla.find((c) => c.metric === SlaMetric.SLA_METRIC_NEXT_RESPONSE)).toMatchObject({
      targetMinutes: nextResponseTarget,
      stopped: false,
      breached: false,
    });
    return { id, writtenAgainAt };
  }

  it.concurrent('an unanswered later message past the next-response target: breach event and escalation to the supervisor', async ({
    expect,
  }) => {
    const { id } = await answeredThenWrittenAgain(new Date());
    const breach = await waitFor(
      'next-response breach',
      () => eventsFor('cs.inquiry.sla.breached', id).find((e) => e.data.metric === 'SLA_METRIC_NEXT_RESPONSE'),
      { timeoutMs: 75_000 },
    );
    expect(breach.data).toMatchObject({ metric: 'SLA_METRIC_NEXT_RESPONSE', targetMinutes: nextResponseTarget });
    expect(breach.data.elapsedMinutes).toBeGreaterThan(nextResponseTarget);
    // The supervisor had the early warning first.
    const near = eventsFor('cs.inquiry.sla.near_breach', id, SlaMetric.SLA_METRIC_NEXT_RESPONSE);
    expect(near).toHaveLength(1);
    expect(h.events.events.indexOf(near[0]!)).toBeLessThan(h.events.events.indexOf(breach));
    const escalated = await waitFor('escalated', () => eventsFor('cs.inquiry.conversation.escalated', id)[0]);
    expect(escalated.data).toMatchObject({
      fromLevel: 'ESCALATION_LEVEL_AGENT',
      toLevel: 'ESCALATION_LEVEL_SUPERVISOR',
    });
    const { conversation: now } = await h.conversations.getConversation({ conversationId: id });
    expect(now?.escalationLevel).toBe(EscalationLevel.ESCALATION_LEVEL_SUPERVISOR);
    expect(now?.sla.find((c) => c.metric === SlaMetric.SLA_METRIC_NEXT_RESPONSE)?.breached).toBe(true);
    // It is the later message that went unanswered, not the first one.
    expect(now?.sla.find((c) => c.metric === SlaMetric.SLA_METRIC_FIRST_RESPONSE)?.breached).toBe(false);
    expect(eventsFor('cs.inquiry.sla.breached', id)).toHaveLength(1);
  }, 120_000);

  it.concurrent('a reply within the next-response target, even after the warning, records its minutes and raises no breach', async ({
    expect,
  }) => {
    // Opened 2½ minutes ago (its own second, so the report below holds this conversation alone).
    const { id, writtenAgainAt } = await answeredThenWrittenAgain(new Date(Date.now() - 150_000));
    await waitFor(
      'next-response near breach',
      () => eventsFor('cs.inquiry.sla.near_breach', id, SlaMetric.SLA_METRIC_NEXT_RESPONSE)[0],
      { timeoutMs: 75_000 },
    );
    const { conversation } = await reply(id);
    const next = conversation!.sla.find((c) => c.metric === SlaMetric.SLA_METRIC_NEXT_RESPONSE)!;
    expect(next).toMatchObject({ stopped: true, breached: false, targetMinutes: nextResponseTarget });
    // Answered after the 80 % warning, before the minute was up.
    expect(next.elapsedMinutes).toBeGreaterThanOrEqual(0.8);
    expect(next.elapsedMinutes).toBeLessThan(nextResponseTarget);

    // The recorded minutes are what the supervisor's report averages.
    const openedAt = Number(conversation!.openedAt!.seconds);
    const report = await h.reports.getReport({
      from: { seconds: openedAt, nanos: 0 },
      to: { seconds: openedAt + 1, nanos: 0 },
    });
    expect(report.conversations).toBe(1);
    expect(report.avgNextResponseMinutes).toBeCloseTo(next.elapsedMinutes, 1);
    expect(report.avgFirstResponseMinutes).toBeGreaterThanOrEqual(2.5);

    // Past the minute the message would have had: still no breach, no escalation.
    const targetPassedIn = writtenAgainAt + nextResponseTarget * 60_000 + 3_000 - Date.now();
    await staysTrue(
      'no next-response breach and no escalation',
      () =>
        eventsFor('cs.inquiry.sla.breached', id).length === 0 &&
        eventsFor('cs.inquiry.conversation.escalated', id).length === 0,
      { timeoutMs: Math.max(targetPassedIn, 0) },
    );
    expect((await clock(id, SlaMetric.SLA_METRIC_NEXT_RESPONSE))?.breached).toBe(false);
    const { conversation: after } = await h.conversations.getConversation({ conversationId: id });
    expect(after?.escalationLevel).toBe(EscalationLevel.ESCALATION_LEVEL_AGENT);
  }, 120_000);
});

describe('closing', () => {
  it('closes by itself once the order is confirmed and the customer has gone quiet', async () => {
    const { conversation } = await h.ingest('好的，我拍下了', { orderId: 'TB-77' });
    const id = conversation!.conversationId;
    expect(conversation?.assignee?.agentId).toBe('s1');
    await h.as(frontLine('s1')).conversations.confirmOrder({ conversationId: id, orderId: 'TB-77' });
    const closed = await waitFor('auto-closed', () =>
      h.events.ofSubject('cs.inquiry.conversation.closed').find((e) => e.data.conversationId === id),
    );
    expect(closed.data.reason).toBe(CloseReason.CLOSE_REASON_ORDER_CONFIRMED_QUIET);
    const { conversation: after } = await h.conversations.getConversation({ conversationId: id });
    expect(after?.status).toBe(ConversationStatus.CONVERSATION_STATUS_CLOSED);
  });
});
