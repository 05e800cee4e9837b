import type { Actor } from '@cs/auth';
import type { ListReplyChecksRequest, ListReplyChecksResponse } from '@cs/contracts/cs/inquiry/v1/knowledge_service';
import { Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { mayActForAgent } from '../domain/acting-for-agent.rule.js';
import { ReplyCheckStore } from '../infrastructure/reply-check.store.js';
import { ensureMayActFor } from './staff-scope.js';
import { fromTimestamp, toTimestamp } from './timestamps.js';

const DEFAULT_DAYS = 30;

/** The reply checks for an agent's report: an agent sees their own, supervisors and the manager anyone's. */
@Injectable()
export class ListReplyChecksHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly store: ReplyCheckStore,
  ) {}

  async execute(request: ListReplyChecksRequest, actor: Actor): Promise<ListReplyChecksResponse> {
    const violations = new Violations();
    if (request.from && (!Number.isSafeInteger(request.from.seconds) || request.from.seconds < 0))
      violations.add('from', 'must be a valid time');
    if (request.agentId.length > 128) violations.add('agent_id', 'must be at most 128 characters');
    violations.throwIfAny();
    // An agent without a name asks for their own; naming someone else needs a supervisor or the manager.
    const agentId = request.agentId || (mayActForAgent(actor, '') ? undefined : actor.agentId);
    if (agentId) ensureMayActFor(actor, agentId, 'the reply checks');
    const from = request.from ? fromTimestamp(request.from) : new Date(Date.now() - DEFAULT_DAYS * 86_400_000);
    const entries = await this.store.list(this.orm.em.fork(), agentId, from);
    return {
      checks: entries.map((e) => ({
        conversationId: e.conversationId,
        agentId: e.agentId,
        outcome: e.outcome,
        violations: e.violations,
        checkedAt: toTimestamp(e.at),
      })),
    };
  }
}
