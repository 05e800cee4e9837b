import { CloseReason, ConversationStatus, EscalationLevel, SlaMetric } from '@cs/contracts/cs/inquiry/v1/conversation';
import { waitFor } from '@cs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentRef, type InquiryHarness, startInquiry } from './inquiry-fixture.js';

let h: InquiryHarness;
beforeAll(async () => {
  // A round-the-clock calendar so the test does not depend on the hour it runs at; the shift
  // arithmetic itself is unit-tested. Contacts are back-dated through sent_at (a call record's start).
  h = await startInquiry({
    INQUIRY_SHIFTS: '00:00-24:00',
    INQUIRY_SCHEDULER_POLL_MS: '100',
    INQUIRY_AUTO_CLOSE_QUIET_SECONDS: '1',
  });
  await h.agentOnline('s1', ['pre-sales'], 10);
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
    const { conversation: replied } = await h.conversations.replyToCustomer({
      conversationId: id,
      agent: agentRef('s1'),
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

describe('closing', () => {
  it('closes by itself once the order is confirmed and the customer has gone quiet', async () => {
    const { conversation } = await h.ingest('好的，我拍下了', { orderId: 'TB-77' });
    const id = conversation!.conversationId;
    await h.conversations.confirmOrder({ conversationId: id, agent: agentRef('s1'), orderId: 'TB-77' });
    const closed = await waitFor('auto-closed', () =>
      h.events.ofSubject('cs.inquiry.conversation.closed').find((e) => e.data.conversationId === id),
    );
    expect(closed.data.reason).toBe(CloseReason.CLOSE_REASON_ORDER_CONFIRMED_QUIET);
    const { conversation: after } = await h.conversations.getConversation({ conversationId: id });
    expect(after?.status).toBe(ConversationStatus.CONVERSATION_STATUS_CLOSED);
  });
});
