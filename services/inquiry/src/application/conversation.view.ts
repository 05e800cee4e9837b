import type { Conversation as ConversationMessageView, SlaClock } from '@cs/contracts/cs/inquiry/v1/conversation';
import type { Conversation } from '../domain/conversation.aggregate.js';
import type { ConversationMessage } from '../domain/conversation-message.entity.js';
import type { ClockReading } from '../domain/sla.rule.js';
import { toTimestamp } from './timestamps.js';

export function slaView(clock: ClockReading): SlaClock {
  return {
    metric: clock.metric,
    targetMinutes: clock.targetMinutes,
    elapsedMinutes: Math.round(clock.elapsedMinutes * 100) / 100,
    nearBreach: clock.nearBreach,
    breached: clock.breached,
    stopped: clock.stopped,
  };
}

/** The proto view of a conversation; messages only when given (lists leave them out). */
export function conversationView(
  c: Conversation,
  messages: ConversationMessage[] = [],
  clocks: ClockReading[] = [],
): ConversationMessageView {
  return {
    conversationId: c.id,
    channel: c.channel,
    customer: c.customer,
    order: c.orderId ? { orderId: c.orderId } : undefined,
    conversationClass: c.conversationClass,
    classificationSource: c.classificationSource,
    priority: c.priority,
    status: c.status,
    team: c.team,
    assignee: c.assignee ?? undefined,
    escalationLevel: c.escalationLevel,
    scriptStage: c.scriptStage,
    record: { problem: c.problem, handlingSteps: c.handlingSteps, result: c.result },
    messages: messages.map((m) => ({
      messageId: m.id,
      kind: m.kind,
      body: m.body,
      attachments: m.attachments,
      author: m.author ?? undefined,
      channelMessageId: m.channelMessageId ?? '',
      sentAt: toTimestamp(m.sentAt),
    })),
    assignments: c.assignments.map((a) => ({
      team: a.team,
      agent: a.agent ?? undefined,
      reason: a.reason,
      at: toTimestamp(new Date(a.at)),
    })),
    sla: clocks.map(slaView),
    waitingOnCustomer: c.waitingOnCustomer(),
    openedAt: toTimestamp(c.openedAt),
    firstResponseAt: toTimestamp(c.firstResponseAt),
    orderConfirmedAt: toTimestamp(c.orderConfirmedAt),
    closedAt: toTimestamp(c.closedAt),
    closeReason: c.closeReason,
    version: c.version,
    awaitingEscalationHolder: c.awaitingEscalationHolder,
  };
}
