import { Outbox } from '@cs/bus';
import { CloseReason, ConversationStatus } from '@cs/contracts/cs/inquiry/v1/conversation';
import type { DueWork } from '@cs/scheduler';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Conversation } from '../domain/conversation.aggregate.js';
import { canEscalate } from '../domain/escalation.rule.js';
import { clockKey, nextSlaDue, warningDue } from '../domain/sla.rule.js';
import { AgentStore } from '../infrastructure/agent.store.js';
import type { TargetsLookup } from '../infrastructure/rule.store.js';
import { setSlaDue } from '../infrastructure/sla-due.sql.js';
import type { InquiryConfig } from '../inquiry.config.js';
import { conversationClosed } from './conversation.events.js';
import type { ConversationReader } from './conversation.reader.js';
import { escalateToNextLevel } from './escalation.service.js';
import { countSlaBreach } from './sla.metrics.js';

const closedStatus = ConversationStatus.CONVERSATION_STATUS_CLOSED;

/**
 * SLA warnings whose time has come, read through conversations_sla_due (migration 0009): only
 * conversations with a warning due, or changed since the sweep last read them, are claimed.
 */
export function slaWarningWork(reader: ConversationReader, config: InquiryConfig): DueWork {
  // The policies, read once per tick (every item of one tick shares its `now`).
  let lookup: { now: Date; targets: Promise<TargetsLookup> } | undefined;
  return {
    name: 'inquiry-sla-warning',
    table: 'conversations',
    idColumn: 'id',
    dueColumn: 'sla_due_at',
    where: 'sla_due_at is not null',
    async handle(em, id, now, afterCommit) {
      if (lookup?.now !== now) lookup = { now, targets: reader.targetsLookup(em) };
      await raiseDueWarnings(em, id, now, { reader, config, targets: await lookup.targets, afterCommit });
    },
  };
}

interface WarningContext {
  reader: ConversationReader;
  config: InquiryConfig;
  targets: TargetsLookup;
  afterCommit: (effect: () => void) => void;
}

/**
 * Near-breach and breach, each raised once per clock; a breach escalates agent → supervisor →
 * manager. Then the conversation's next warning time is stored, so it is not read again before.
 */
async function raiseDueWarnings(
  em: EntityManager,
  id: string,
  now: Date,
  { reader, config, targets, afterCommit }: WarningContext,
): Promise<void> {
  const c = await em.findOneOrFail(Conversation, { id });
  if (c.isClosed()) return setSlaDue(em, id, null);
  const events: Array<() => Promise<void>> = [];
  const clocks = await reader.clocks(em, c, now, targets);
  for (const clock of clocks) {
    const key = clockKey(clock);
    const due = warningDue(clock, c.slaWarnings[key]);
    if (!due) continue;
    c.slaWarnings = { ...c.slaWarnings, [key]: due };
    const payload = { metric: clock.metric, targetMinutes: clock.targetMinutes, elapsedMinutes: clock.elapsedMinutes };
    const meta = { aggregateId: c.id };
    if (due === 'near') {
      events.push(async () => {
        const data = { conversationId: c.id, ...payload, conversationVersion: c.version };
        await Outbox.add(em, 'cs.inquiry.sla.near_breach', data, { ...meta, aggregateVersion: c.version });
      });
      continue;
    }
    const assignee = c.assignee ?? undefined;
    events.push(async () => {
      const data = { conversationId: c.id, ...payload, assignee, conversationVersion: c.version };
      await Outbox.add(em, 'cs.inquiry.sla.breached', data, { ...meta, aggregateVersion: c.version });
    });
    // Counted once the breach is committed: a rolled-back item is raised again, and counted then.
    afterCommit(() => countSlaBreach(clock.metric));
    if (canEscalate(c.escalationLevel)) {
      const reason = `SLA ${clock.metric} breached (${clock.elapsedMinutes.toFixed(1)} of ${clock.targetMinutes} business minutes)`;
      events.push((await escalateToNextLevel(em, c, reason, now)).events);
    }
  }
  await em.flush();
  for (const event of events) await event();
  // After the flush: the trigger marks a changed conversation due now; the exact time replaces that.
  await setSlaDue(em, id, nextSlaDue(clocks, c.slaWarnings, now, config.calendar, c.waitingOnCustomer()));
}

/**
 * Confirmed orders whose customer has gone quiet, read through conversations_quiet_since: closed,
 * the agent's slot freed (the tick then drains the queues).
 */
export function autoCloseWork(config: InquiryConfig): DueWork {
  const quietMs = config.inquiryAutoCloseQuietSeconds * 1000;
  return {
    name: 'inquiry-auto-close',
    table: 'conversations',
    idColumn: 'id',
    dueColumn: 'quiet_since',
    where: `order_confirmed_at is not null and status <> '${closedStatus}'`,
    dueBy: (now) => new Date(now.getTime() - quietMs),
    async handle(em, id, now) {
      const c = await em.findOneOrFail(Conversation, { id });
      if (!c.isDueForAutoClose(now, quietMs)) return;
      const agentId = c.close(CloseReason.CLOSE_REASON_ORDER_CONFIRMED_QUIET, now);
      if (agentId) await AgentStore.release(em, agentId);
      await em.flush();
      await conversationClosed(em, c);
    },
  };
}
