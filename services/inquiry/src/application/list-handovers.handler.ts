import type { Actor } from '@cs/auth';
import type { ListHandoversRequest, ListHandoversResponse } from '@cs/contracts/cs/inquiry/v1/desk_service';
import { NotFound, Violations } from '@cs/errors';
import { keysetPageOf, readKeysetPage } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AgentStore } from '../infrastructure/agent.store.js';
import { HandoverStore } from '../infrastructure/handover.store.js';
import { ensureMayActFor } from './staff-scope.js';
import { toTimestamp } from './timestamps.js';

/**
 * What the next shift reads when it starts: the handovers it received, newest first. An agent reads
 * their own; a supervisor or the manager anyone's.
 */
@Injectable()
export class ListHandoversHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: ListHandoversRequest, actor: Actor): Promise<ListHandoversResponse> {
    const violations = new Violations().require('to_agent_id', request.toAgentId);
    const page = readKeysetPage(request.page, violations, ['exactTime', 'text']);
    violations.throwIfAny();
    ensureMayActFor(actor, request.toAgentId, 'the handovers');
    const em = this.orm.em.fork();
    if (!(await AgentStore.find(em, request.toAgentId))) throw new NotFound('agent', request.toAgentId);
    const rows = await HandoverStore.receivedBy(em, request.toAgentId, page);
    const { items, page: next } = keysetPageOf(rows, page, (h) => [h.cursorAt, h.handoverId]);
    return {
      handovers: items.map(({ cursorAt: _, ...h }) => ({ ...h, handedOverAt: toTimestamp(h.handedOverAt) })),
      page: next,
    };
  }
}
