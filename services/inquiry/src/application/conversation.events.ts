import { Outbox } from '@cs/bus';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { ConversationClass, type EscalationLevel } from '@cs/contracts/cs/inquiry/v1/conversation';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Conversation } from '../domain/conversation.aggregate.js';
import { toTimestamp } from './timestamps.js';

// Every event is written after the flush, so it carries the version the change committed with.

const meta = (c: Conversation) => ({ aggregateId: c.id, aggregateVersion: c.version });
const orderRef = (c: Conversation) => (c.orderId ? { orderId: c.orderId } : undefined);

export async function conversationOpened(em: EntityManager, c: Conversation): Promise<void> {
  await Outbox.add(
    em,
    'cs.inquiry.conversation.opened',
    {
      conversationId: c.id,
      channel: c.channel,
      customer: c.customer,
      order: orderRef(c),
      openedAt: toTimestamp(c.openedAt),
      conversationVersion: c.version,
    },
    meta(c),
  );
}

/** Classified; after-sales and complaints are told so they can open their cases. */
export async function conversationClassified(em: EntityManager, c: Conversation, customerWords: string): Promise<void> {
  await Outbox.add(
    em,
    'cs.inquiry.conversation.classified',
    {
      conversationId: c.id,
      conversationClass: c.conversationClass,
      source: c.classificationSource,
      team: c.team,
      conversationVersion: c.version,
    },
    meta(c),
  );
  const handOff = {
    conversationId: c.id,
    customer: c.customer,
    order: orderRef(c),
    channel: c.channel,
    description: customerWords,
    conversationVersion: c.version,
  };
  if (c.conversationClass === ConversationClass.CONVERSATION_CLASS_AFTER_SALES) {
    await Outbox.add(em, 'cs.inquiry.conversation.aftersales_requested', handOff, meta(c));
  } else if (c.conversationClass === ConversationClass.CONVERSATION_CLASS_COMPLAINT) {
    await Outbox.add(
      em,
      'cs.inquiry.conversation.complaint_raised',
      { ...handOff, agent: c.assignee ?? undefined, conversationVersion: c.version },
      meta(c),
    );
  }
}

export async function conversationAssigned(
  em: EntityManager,
  c: Conversation,
  previousAgent: AgentRef | null,
  reason: string,
): Promise<void> {
  await Outbox.add(
    em,
    'cs.inquiry.conversation.assigned',
    {
      conversationId: c.id,
      team: c.team,
      agent: c.assignee ?? undefined,
      previousAgent: previousAgent ?? undefined,
      reason,
      conversationVersion: c.version,
    },
    meta(c),
  );
}

export async function conversationEscalated(
  em: EntityManager,
  c: Conversation,
  levels: { from: EscalationLevel; to: EscalationLevel },
  reason: string,
  by: AgentRef | undefined,
  holder: AgentRef | undefined,
): Promise<void> {
  await Outbox.add(
    em,
    'cs.inquiry.conversation.escalated',
    {
      conversationId: c.id,
      fromLevel: levels.from,
      toLevel: levels.to,
      reason,
      escalatedBy: by,
      holder,
      conversationVersion: c.version,
    },
    meta(c),
  );
}

export async function conversationClosed(em: EntityManager, c: Conversation): Promise<void> {
  await Outbox.add(
    em,
    'cs.inquiry.conversation.closed',
    {
      conversationId: c.id,
      reason: c.closeReason,
      record: { problem: c.problem, handlingSteps: c.handlingSteps, result: c.result },
      closedAt: toTimestamp(c.closedAt),
      conversationVersion: c.version,
    },
    meta(c),
  );
}
