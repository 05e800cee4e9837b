import {
  Presence,
  type SetPresenceRequest,
  type SetPresenceResponse,
} from '@cs/contracts/cs/inquiry/v1/agents_service';
import { NotFound, Violations } from '@cs/errors';
import { transactionWithRetry } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AgentStore, linesServedBy } from '../infrastructure/agent.store.js';
import { drainQueues } from './assignment.service.js';
import { checkEnum } from './field-checks.js';

/** Online, away, offline. Coming online takes waiting conversations; going away keeps the open ones. */
@Injectable()
export class SetPresenceHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: SetPresenceRequest): Promise<SetPresenceResponse> {
    const violations = new Violations().require('agent_id', request.agentId);
    checkEnum('presence', request.presence, Presence, violations);
    violations.throwIfAny();
    const agent = await transactionWithRetry(this.orm, (em) =>
      AgentStore.setPresence(em, request.agentId, request.presence),
    );
    if (!agent) throw new NotFound('agent', request.agentId);
    if (agent.presence === Presence.PRESENCE_ONLINE) await drainQueues(this.orm, linesServedBy(agent));
    return { agent: (await AgentStore.find(this.orm.em.fork(), agent.agentId)) ?? agent };
  }
}
