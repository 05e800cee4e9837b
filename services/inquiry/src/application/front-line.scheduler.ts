import { Outbox } from '@cs/bus';
import { CloseReason, ConversationStatus } from '@cs/contracts/cs/inquiry/v1/conversation';
import { transactionWithRetry } from '@cs/persistence';
import { CONFIG, LOGGER } from '@cs/service-kit';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { Conversation } from '../domain/conversation.aggregate.js';
import { canEscalate } from '../domain/escalation.rule.js';
import { clockKey, warningDue } from '../domain/sla.rule.js';
import { AgentStore } from '../infrastructure/agent.store.js';
import { linesWithWaiting } from '../infrastructure/conversation.repository.js';
import type { InquiryConfig } from '../inquiry.config.js';
import { drainQueues, linesOfAgent } from './assignment.service.js';
import { conversationClosed } from './conversation.events.js';
import { ConversationReader } from './conversation.reader.js';
import { escalateToNextLevel } from './escalation.service.js';

const batchSize = 100;
const closedStatus = ConversationStatus.CONVERSATION_STATUS_CLOSED;

/**
 * The front line's clockwork, in every replica: SLA warnings and breaches (a breach escalates one
 * level), auto-close of confirmed, quiet conversations, and draining team queues. Work is claimed
 * with FOR UPDATE SKIP LOCKED, so replicas share it and nothing is done twice; stops with the module.
 */
@Injectable()
export class FrontLineScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly reader: ConversationReader,
    @Inject(CONFIG) private readonly config: InquiryConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .catch((error) => this.logger.error({ err: error }, 'front-line scheduler failed; retrying next poll'))
        .finally(() => this.schedule());
    }, this.config.inquirySchedulerPollMs);
    this.timer.unref();
  }

  async tick(): Promise<void> {
    await this.checkSlaClocks();
    if (this.stopped) return;
    await this.autoClose();
    if (this.stopped) return;
    await drainQueues(this.orm, await linesWithWaiting(this.orm.em.fork()));
  }

  /**
   * Near-breach and breach, each raised once per clock; a breach escalates agent → supervisor →
   * manager. Clocks are read without locks; only a conversation with a warning due is locked (SKIP
   * LOCKED: one busy elsewhere is left for the next poll), so the sweep never holds up assignment.
   */
  async checkSlaClocks(): Promise<number> {
    let raised = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const em = this.orm.em.fork();
      const batch = await em.find(
        Conversation,
        { status: { $ne: closedStatus }, id: { $gt: after } },
        { orderBy: { id: 'asc' }, limit: batchSize },
      );
      const now = new Date();
      const lookup = await this.reader.targetsLookup(em);
      for (const c of batch) {
        const clocks = await this.reader.clocks(em, c, now, lookup);
        if (clocks.some((clock) => warningDue(clock, c.slaWarnings[clockKey(clock)]))) raised += await this.raise(c.id);
        if (this.stopped) return raised;
      }
      if (batch.length < batchSize) return raised;
      after = batch.at(-1)!.id;
    }
  }

  /** Raises what is due on one conversation, re-read under its row lock; returns how many warnings. */
  private raise(conversationId: string): Promise<number> {
    return transactionWithRetry(this.orm, async (em) => {
      const locked = await em.execute<{ id: string }[]>(
        'select id from conversations where id = ? and status <> ? for update skip locked',
        [conversationId, closedStatus],
      );
      if (!locked[0]) return 0;
      const c = await em.findOneOrFail(Conversation, { id: conversationId });
      const now = new Date();
      const events: Array<() => Promise<void>> = [];
      let raised = 0;
      for (const clock of await this.reader.clocks(em, c, now)) {
        const key = clockKey(clock);
        const due = warningDue(clock, c.slaWarnings[key]);
        if (!due) continue;
        raised++;
        c.slaWarnings = { ...c.slaWarnings, [key]: due };
        const payload = {
          metric: clock.metric,
          targetMinutes: clock.targetMinutes,
          elapsedMinutes: clock.elapsedMinutes,
        };
        const assignee = c.assignee ?? undefined;
        const meta = { aggregateId: c.id };
        if (due === 'near') {
          events.push(async () => {
            const data = { conversationId: c.id, ...payload, conversationVersion: c.version };
            await Outbox.add(em, 'cs.inquiry.sla.near_breach', data, { ...meta, aggregateVersion: c.version });
          });
          continue;
        }
        events.push(async () => {
          const data = { conversationId: c.id, ...payload, assignee, conversationVersion: c.version };
          await Outbox.add(em, 'cs.inquiry.sla.breached', data, { ...meta, aggregateVersion: c.version });
        });
        if (canEscalate(c.escalationLevel)) {
          const reason = `SLA ${clock.metric} breached (${clock.elapsedMinutes.toFixed(1)} of ${clock.targetMinutes} business minutes)`;
          events.push((await escalateToNextLevel(em, c, reason, now)).events);
        }
      }
      await em.flush();
      for (const event of events) await event();
      return raised;
    });
  }

  /** Confirmed orders whose customer has gone quiet: closed, the agent's slot freed, the queue moved. */
  async autoClose(): Promise<number> {
    const quietMs = this.config.inquiryAutoCloseQuietSeconds * 1000;
    const released = await transactionWithRetry(this.orm, async (em) => {
      const rows = await em.execute<{ id: string }[]>(
        `select id from conversations where status <> ? and order_confirmed_at is not null
           and greatest(order_confirmed_at, last_customer_at) <= ? order by id limit ? for update skip locked`,
        [closedStatus, new Date(Date.now() - quietMs), batchSize],
      );
      const closed: Conversation[] = [];
      const agents: string[] = [];
      const now = new Date();
      for (const { id } of rows) {
        const c = await em.findOneOrFail(Conversation, { id });
        if (!c.isDueForAutoClose(now, quietMs)) continue;
        const agentId = c.close(CloseReason.CLOSE_REASON_ORDER_CONFIRMED_QUIET, now);
        if (agentId) {
          await AgentStore.release(em, agentId);
          agents.push(agentId);
        }
        closed.push(c);
      }
      await em.flush();
      for (const c of closed) await conversationClosed(em, c);
      return agents;
    });
    const lines = (await Promise.all(released.map((a) => linesOfAgent(this.orm, a)))).flat();
    await drainQueues(this.orm, lines);
    return released.length;
  }
}
