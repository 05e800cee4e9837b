import type { Actor } from '@cs/auth';
import { AgentRole, Presence } from '@cs/contracts/cs/inquiry/v1/agents_service';
import { ConversationStatus } from '@cs/contracts/cs/inquiry/v1/conversation';
import type { HandOverShiftRequest, HandOverShiftResponse } from '@cs/contracts/cs/inquiry/v1/desk_service';
import { checkIdempotencyKey, NotFound, RuleViolation, Violations } from '@cs/errors';
import { runIdempotent } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Conversation } from '../domain/conversation.aggregate.js';
import { mayHoldAtLevel } from '../domain/escalation.rule.js';
import { AgentStore } from '../infrastructure/agent.store.js';
import { HandoverStore } from '../infrastructure/handover.store.js';
import { reroute } from './assignment.service.js';
import { conversationAssigned } from './conversation.events.js';
import { checkText } from './field-checks.js';
import { writeSystemNote } from './message.writer.js';
import { ensureMayActFor, refOf } from './staff-scope.js';

export const HANDOVER_TO_SIGNED_IN_AGENT_RULE = 'front-line.handover-goes-to-a-signed-in-agent';

/**
 * 交接班: the leaving agent signs off and their open conversations pass, oldest first, to the next
 * shift's agent while that agent has room and may hold them (an escalated one needs its level's
 * holder); the rest go back to their team's queue or escalation line. The note and leftover issues
 * are kept for the next shift to read (ListHandovers). An agent hands over their own shift; a
 * supervisor or the manager may hand over another agent's (from_agent_id).
 */
@Injectable()
export class HandOverShiftHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: HandOverShiftRequest, actor: Actor): Promise<HandOverShiftResponse> {
    const fromId = request.fromAgentId || actor.agentId;
    const violations = new Violations().require('to_agent_id', request.toAgentId);
    checkText('note', request.note, violations, { max: 5000 });
    if (request.leftoverIssues.length > 100) violations.add('leftover_issues', 'must be at most 100');
    for (const [i, issue] of request.leftoverIssues.entries()) {
      checkText(`leftover_issues[${i}]`, issue, violations, { max: 1000 });
    }
    if (request.toAgentId && request.toAgentId === fromId) violations.add('to_agent_id', 'must be another agent');
    checkIdempotencyKey(request.idempotencyKey, violations);
    violations.throwIfAny();
    ensureMayActFor(actor, fromId, 'the shift');
    const own = fromId === actor.agentId;
    const asked = { ...request, actedBy: actor.agentId };
    return runIdempotent(this.orm, 'HandOverShift', asked, async (em) => {
      const leaving = await AgentStore.find(em, fromId);
      if (!leaving) throw new NotFound('agent', fromId);
      // Signed by the leaving agent themselves, or named as registered when someone hands over for them.
      const from = own ? refOf(actor) : { agentId: leaving.agentId, name: leaving.name };
      const by = own ? '' : `（${actor.name} 代为交接）`;
      const next = await AgentStore.find(em, request.toAgentId);
      if (!next) throw new NotFound('agent', request.toAgentId);
      if (next.presence !== Presence.PRESENCE_ONLINE || next.role === AgentRole.AGENT_ROLE_MAIN_ACCOUNT)
        throw new RuleViolation(
          HANDOVER_TO_SIGNED_IN_AGENT_RULE,
          `agent ${next.agentId} must be online and not the main account to take over the shift`,
        );
      // Signed off first, so the overflow is never routed back to the leaving agent.
      await AgentStore.setPresence(em, from.agentId, Presence.PRESENCE_OFFLINE);
      const open = await em.find(
        Conversation,
        { assigneeId: from.agentId, status: ConversationStatus.CONVERSATION_STATUS_ASSIGNED },
        { orderBy: { openedAt: 'asc', id: 'asc' } },
      );
      const reason = `交接班: ${request.note}`;
      const now = new Date();
      const passed: string[] = [];
      const rerouted: string[] = [];
      const events: Array<() => Promise<void>> = [];
      for (const c of open) {
        const taker = mayHoldAtLevel(next.role, c.escalationLevel)
          ? await AgentStore.claimSlotOf(em, next.agentId)
          : undefined;
        if (taker) {
          await AgentStore.release(em, from.agentId);
          c.assignTo(taker, c.team, reason, now);
          events.push(() => conversationAssigned(em, c, from, reason));
          passed.push(c.id);
        } else {
          events.push((await reroute(em, c, reason, now)).announce);
          rerouted.push(c.id);
        }
        const to = c.assignee?.name ?? `${c.team} 队列`;
        writeSystemNote(em, c, `交接班：${from.name} → ${to}${by}。${request.note}`, now);
      }
      await em.flush();
      for (const event of events) await event();
      const handoverId = await HandoverStore.save(em, {
        fromAgent: from,
        toAgentId: next.agentId,
        note: request.note,
        leftoverIssues: request.leftoverIssues,
        conversationIds: passed,
        reroutedConversationIds: rerouted,
      });
      return { response: { handoverId, conversationIds: passed, reroutedConversationIds: rerouted } };
    });
  }
}
