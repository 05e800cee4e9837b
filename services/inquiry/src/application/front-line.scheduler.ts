import { Outbox } from '@cs/bus';
import { CloseReason, ConversationStatus } from '@cs/contracts/cs/inquiry/v1/conversation';
import { transactionWithRetry } from '@cs/persistence';
import { CONFIG, LOGGER } from '@cs/service-kit';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { Conversation } from '../domain/conversation.aggregate.js';
import { canEscalate } from '../domain/escalation.rule.js';
import { clockKey } from '../domain/sla.rule.js';
import { AgentStore } from '../infrastructure/agent.store.js';
import type { InquiryConfig } from '../inquiry.config.js';
import { drainQueues } from './assignment.service.js';
import { conversationClosed, conversationEscalated } from './conversation.events.js';
import { ConversationReader } from './conversation.reader.js';
import { writeSystemNote } from './message.writer.js';

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
    const rows = await this.orm.em
      .fork()
      .execute<{ team: string }[]>('select distinct team from conversations where status = ?', [
        ConversationStatus.CONVERSATION_STATUS_QUEUED,
      ]);
    await drainQueues(
      this.orm,
      rows.map((r) => r.team),
    );
  }

  /** Near-breach and breach, each raised once per clock; a breach escalates agent → supervisor → manager. */
  async checkSlaClocks(): Promise<number> {
    let raised = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const batch = await transactionWithRetry(this.orm, async (em) => {
        const rows = await em.execute<{ id: string }[]>(
          `select id from conversations where status <> ? and id > ? order by id limit ? for update skip locked`,
          [closedStatus, after, batchSize],
        );
        const events: Array<() => Promise<void>> = [];
        const now = new Date();
        for (const { id } of rows) {
          const c = await em.findOneOrFail(Conversation, { id });
          for (const clock of await this.reader.clocks(em, c, now)) {
            if (clock.stopped) continue;
            const key = clockKey(clock);
            const already = c.slaWarnings[key];
            const payload = {
              metric: clock.metric,
              targetMinutes: clock.targetMinutes,
              elapsedMinutes: clock.elapsedMinutes,
            };
            if (clock.breached && already !== 'breached') {
              c.slaWarnings = { ...c.slaWarnings, [key]: 'breached' };
              const assignee = c.assignee ?? undefined;
              events.push(() =>
                Outbox.add(
                  em,
                  'cs.inquiry.sla.breached',
                  { conversationId: c.id, ...payload, assignee, conversationVersion: c.version },
                  { aggregateId: c.id, aggregateVersion: c.version },
                ).then(() => undefined),
              );
              if (canEscalate(c.escalationLevel)) {
                const levels = c.escalate();
                const reason = `SLA ${clock.metric} breached (${clock.elapsedMinutes.toFixed(1)} of ${clock.targetMinutes} business minutes)`;
                writeSystemNote(em, c, `超时自动升级至 ${levels.to}：${reason}`, now);
                events.push(() => conversationEscalated(em, c, levels, reason));
              }
              raised++;
            } else if (clock.nearBreach && !already) {
              c.slaWarnings = { ...c.slaWarnings, [key]: 'near' };
              events.push(() =>
                Outbox.add(
                  em,
                  'cs.inquiry.sla.near_breach',
                  { conversationId: c.id, ...payload, conversationVersion: c.version },
                  { aggregateId: c.id, aggregateVersion: c.version },
                ).then(() => undefined),
              );
              raised++;
            }
          }
        }
        await em.flush();
        for (const event of events) await event();
        return rows;
      });
      if (batch.length < batchSize || this.stopped) return raised;
      after = batch.at(-1)!.id;
    }
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
    const teams = (await Promise.all(released.map((a) => AgentStore.teamsOf(this.orm.em.fork(), a)))).flat();
    await drainQueues(this.orm, teams);
    return released.length;
  }
}
