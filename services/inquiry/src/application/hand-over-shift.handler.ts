import { ConversationStatus } from '@cs/contracts/cs/inquiry/v1/conversation';
import type { HandOverShiftRequest, HandOverShiftResponse } from '@cs/contracts/cs/inquiry/v1/desk_service';
import { NotFound, Violations } from '@cs/errors';
import { transactionWithRetry } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Conversation } from '../domain/conversation.aggregate.js';
import { AgentStore } from '../infrastructure/agent.store.js';
import { DeskStore } from '../infrastructure/desk.store.js';
import { conversationAssigned } from './conversation.events.js';
import { checkAgent, checkText } from './field-checks.js';
import { writeSystemNote } from './message.writer.js';

/**
 * 交接班: the leaving agent's open conversations pass to the next shift's agent with the note (load
 * moves with them: the handover is deliberate, so it is not refused for capacity).
 */
@Injectable()
export class HandOverShiftHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: HandOverShiftRequest): Promise<HandOverShiftResponse> {
    const violations = new Violations().require('to_agent_id', request.toAgentId);
    checkAgent('from_agent', request.fromAgent, violations);
    checkText('note', request.note, violations, { max: 5000 });
    for (const [i, issue] of request.leftoverIssues.entries()) {
      checkText(`leftover_issues[${i}]`, issue, violations, { max: 1000 });
    }
    if (request.toAgentId && request.toAgentId === request.fromAgent?.agentId)
      violations.add('to_agent_id', 'must be another agent');
    violations.throwIfAny();
    return transactionWithRetry(this.orm, async (em) => {
      const next = await AgentStore.find(em, request.toAgentId);
      if (!next) throw new NotFound('agent', request.toAgentId);
      const from = request.fromAgent!;
      const open = await em.find(
        Conversation,
        { assigneeId: from.agentId, status: ConversationStatus.CONVERSATION_STATUS_ASSIGNED },
        { orderBy: { openedAt: 'asc' } },
      );
      const to = { agentId: next.agentId, name: next.name };
      const now = new Date();
      for (const c of open) {
        c.assignTo(to, c.team, `交接班: ${request.note}`, now);
        writeSystemNote(em, c, `交接班：${from.name} → ${to.name}。${request.note}`, now);
      }
      if (open.length) {
        await em.execute('update agents set open_count = greatest(open_count - ?, 0) where id = ?', [
          open.length,
          from.agentId,
        ]);
        await em.execute('update agents set open_count = open_count + ? where id = ?', [open.length, to.agentId]);
      }
      await em.flush();
      for (const c of open) await conversationAssigned(em, c, from, 'shift handover');
      const conversationIds = open.map((c) => c.id);
      const handoverId = await DeskStore.saveHandover(em, {
        fromAgent: from,
        toAgentId: to.agentId,
        note: request.note,
        leftoverIssues: request.leftoverIssues,
        conversationIds,
      });
      return { handoverId, conversationIds };
    });
  }
}
