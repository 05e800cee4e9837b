import type { Actor } from '@cs/auth';
import type { ListQueueRequest, ListQueueResponse } from '@cs/contracts/cs/inquiry/v1/agents_service';
import { EscalationLevel } from '@cs/contracts/cs/inquiry/v1/conversation';
import { Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { WaitingLine } from '../domain/assignment.rule.js';
import { escalationHolderRole } from '../domain/escalation.rule.js';
import { listWaiting } from '../infrastructure/conversation.repository.js';
import { conversationView } from './conversation.view.js';
import { scopeOf } from './staff-scope.js';

const unspecified = EscalationLevel.ESCALATION_LEVEL_UNSPECIFIED;

/**
 * A team's queue, or the line of escalated conversations waiting for a supervisor or the manager:
 * oldest first, as served; only the conversations the caller may see.
 */
@Injectable()
export class ListQueueHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: ListQueueRequest, actor: Actor): Promise<ListQueueResponse> {
    const level = request.escalationLevel || unspecified;
    const violations = new Violations();
    if (!request.team === (level === unspecified))
      violations.add('team', 'give exactly one of team or escalation_level');
    else if (level !== unspecified && !escalationHolderRole(level))
      violations.add('escalation_level', 'must be ESCALATION_LEVEL_SUPERVISOR or ESCALATION_LEVEL_MANAGER');
    violations.throwIfAny();
    const line: WaitingLine = request.team ? { team: request.team } : { escalationLevel: level };
    const em = this.orm.em.fork();
    const waiting = await listWaiting(em, line, 500, await scopeOf(em, actor));
    return { conversations: waiting.map((c) => conversationView(c)) };
  }
}
