import { Outbox, type OutboxMeta } from '@cs/bus';
import type { EventPayload, EventSubject } from '@cs/contracts';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { ConversationClass, type EscalationLevel } from '@cs/contracts/cs/inquiry/v1/conversation';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Conversation } from '../domain/conversation.aggregate.js';
import { toTimestamp } from './timestamps.js';

// Every event is written after the flush, so it carries the version the change committed with.

const meta = (c: Conversation) => ({ aggregateId: c.id, aggregateVersion: c.version });
const orderRef = (c: Conversation) => (c.orderId ? { orderId: c.orderId } : undefined);

/** An event as Outbox.add takes it, built apart so the lean command path writes the very same payloads. */
export interface PendingEvent<S extends EventSubject = EventSubject> {
  subject: S;
  payload: EventPayload<S>;
  meta: OutboxMeta;
}

const pending = <S extends EventSubject>(subject: S, payload: EventPayload<S>, c: Conversation): PendingEvent =>
  ({ subject, payload, meta: meta(c) }) as PendingEvent;

/** Adds built events to the outbox, in order, in the caller's transaction. */
export async function addEvents(em: EntityManager, events: readonly PendingEvent[]): Promise<void> {
  for (const e of events) await Outbox.add(em, e.subject, e.payload as never, e.meta);
}

export function openedEvent(c: Conversation): PendingEvent {
  return pending(
    'cs.inquiry.conversation.opened',
    {
      conversationId: c.id,
      channel: c.channel,
      customer: c.customer,
      order: orderRef(c),
      openedAt: toTimestamp(c.openedAt),
      conversationVersion: c.version,
    },
    c,
  );
}

export function conversationOpened(em: EntityManager, c: Conversation): Promise<void> {
  return addEvents(em, [openedEvent(c)]);
}

/** Classified; after-sales and complaints are told so they can open their cases. */
export function classifiedEvents(c: Conversation, customerWords: string): PendingEvent[] {
  const events = [
    pending(
      'cs.inquiry.conversation.classified',
      {
        conversationId: c.id,
        conversationClass: c.conversationClass,
        source: c.classificationSource,
        team: c.team,
        conversationVersion: c.version,
      },
      c,
    ),
  ];
  const handOff = {
    conversationId: c.id,
    customer: c.customer,
    order: orderRef(c),
    channel: c.channel,
    description: customerWords,
    conversationVersion: c.version,
  };
  if (c.conversationClass === ConversationClass.CONVERSATION_CLASS_AFTER_SALES) {
    events.push(pending('cs.inquiry.conversation.aftersales_requested', handOff, c));
  } else if (c.conversationClass === ConversationClass.CONVERSATION_CLASS_COMPLAINT) {
    events.push(
      pending(
        'cs.inquiry.conversation.complaint_raised',
        { ...handOff, agent: c.assignee ?? undefined, conversationVersion: c.version },
        c,
      ),
    );
  }
  return events;
}

export function conversationClassified(em: EntityManager, c: Conversation, customerWords: string): Promise<void> {
  return addEvents(em, classifiedEvents(c, customerWords));
}

export function assignedEvent(c: Conversation, previousAgent: AgentRef | null, reason: string): PendingEvent {
  return pending(
    'cs.inquiry.conversation.assigned',
    {
      conversationId: c.id,
      team: c.team,
      agent: c.assignee ?? undefined,
      previousAgent: previousAgent ?? undefined,
      reason,
      conversationVersion: c.version,
    },
    c,
  );
}

export function conversationAssigned(
  em: EntityManager,
  c: Conversation,
  previousAgent: AgentRef | null,
  reason: string,
): Promise<void> {
  return addEvents(em, [assignedEvent(c, previousAgent, reason)]);
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
