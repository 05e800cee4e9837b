import type { Actor } from '@cs/auth';
import { ConversationStatus } from '@cs/contracts/cs/inquiry/v1/conversation';
import type {
  TransferConversationRequest,
  TransferConversationResponse,
} from '@cs/contracts/cs/inquiry/v1/conversations_service';
import { RuleViolation, Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AgentStore } from '../infrastructure/agent.store.js';
import { drainQueues, linesOfAgent, routeToTeam } from './assignment.service.js';
import { conversationAssigned } from './conversation.events.js';
import { ConversationReader } from './conversation.reader.js';
import { changeConversation } from './conversation-command.js';
import { checkText } from './field-checks.js';
import { writeSystemNote } from './message.writer.js';
import { askedBy } from './once-by-key.js';
import { scopeOf } from './staff-scope.js';

export const TRANSFER_TARGET_UNAVAILABLE_RULE = 'front-line.transfer-needs-an-online-agent-with-room';

/**
 * To another agent (who must be online, not the main account, and have room) or to another team's
 * queue. The history keeps every hand; the previous agent's slot frees.
 */
@Injectable()
export class TransferConversationHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly reader: ConversationReader,
  ) {}

  async execute(request: TransferConversationRequest, actor: Actor): Promise<TransferConversationResponse> {
    const violations = new Violations().require('conversation_id', request.conversationId);
    if (!request.toAgentId === !request.toTeam)
      violations.add('to_agent_id', 'give exactly one of to_agent_id or to_team');
    checkText('reason', request.reason, violations, { required: false, max: 500 });
    violations.throwIfAny();
    let released: string | undefined;
    const scope = await scopeOf(this.orm.em.fork(), actor);
    const conversation = await changeConversation(
      this.orm,
      this.reader,
      request.conversationId,
      scope,
      async (em, c, now) => {
        c.ensureOpen();
        const previous = c.status === ConversationStatus.CONVERSATION_STATUS_ASSIGNED ? c.assignee : null;
        released = undefined;
        const reason = request.reason || `transferred by ${actor.name}`;
        if (request.toAgentId) {
          if (previous?.agentId === request.toAgentId) return;
          const target = await AgentStore.claimSlotOf(em, request.toAgentId);
          if (!target) {
            if (!(await AgentStore.find(em, request.toAgentId)))
              throw new RuleViolation(TRANSFER_TARGET_UNAVAILABLE_RULE, `no agent ${request.toAgentId}`);
            throw new RuleViolation(
              TRANSFER_TARGET_UNAVAILABLE_RULE,
              `agent ${request.toAgentId} is not online, is the main account, or has no room`,
            );
          }
          if (previous) await AgentStore.release(em, previous.agentId);
          released = previous?.agentId;
          c.assignTo(target, c.team, reason, now);
          writeSystemNote(em, c, `转接给 ${target.name}：${reason}`, now);
          return () => conversationAssigned(em, c, previous, reason);
        }
        // To a team: someone there with room takes it at once (never the agent passing it on), else its queue.
        const routed = await routeToTeam(em, c, request.toTeam, reason, now, { notTo: previous?.agentId });
        released = routed.released;
        writeSystemNote(
          em,
          c,
          `转入 ${request.toTeam}${c.assignee ? `，由 ${c.assignee.name} 接手` : ' 队列'}：${reason}`,
          now,
        );
        return routed.announce;
      },
      { operation: 'TransferConversation', asked: askedBy(request, actor) },
    );
    // The freed slot serves the queues its agent takes from.
    if (released) await drainQueues(this.orm, await linesOfAgent(this.orm, released));
    return { conversation };
  }
}
