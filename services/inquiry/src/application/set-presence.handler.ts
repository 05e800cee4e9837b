import type { Actor } from '@cs/auth';
import {
  Presence,
  type SetPresenceRequest,
  type SetPresenceResponse,
} from '@cs/contracts/cs/inquiry/v1/agents_service';
import { checkEnum, knownValues, NotFound, Violations } from '@cs/errors';
import { transactionWithRetry } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AgentStore, linesServedBy } from '../infrastructure/agent.store.js';
import { drainQueues } from './assignment.service.js';
import { ensureMayActFor } from './staff-scope.js';

/**
 * Online, away, offline. Coming online takes waiting conversations; going away keeps the open ones.
 * An agent sets their own (agent_id empty or theirs); a supervisor or the manager anyone's.
 */
@Injectable()
export class SetPresenceHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: SetPresenceRequest, actor: Actor): Promise<SetPresenceResponse> {
    const agentId = request.agentId || actor.agentId;
    const violations = new Violations();
    checkEnum(request.presence, knownValues(Presence), 'presence', violations);
    violations.throwIfAny();
    ensureMayActFor(actor, agentId, 'the presence');
    const agent = await transactionWithRetry(this.orm, (em) => AgentStore.setPresence(em, agentId, request.presence));
    if (!agent) throw new NotFound('agent', agentId);
    if (agent.presence === Presence.PRESENCE_ONLINE) await drainQueues(this.orm, linesServedBy(agent));
    return { agent: (await AgentStore.find(this.orm.em.fork(), agent.agentId)) ?? agent };
  }
}
