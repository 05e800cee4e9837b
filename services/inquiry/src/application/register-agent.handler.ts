import {
  AgentRole,
  type RegisterAgentRequest,
  type RegisterAgentResponse,
} from '@cs/contracts/cs/inquiry/v1/agents_service';
import { checkEnum, knownValues, Violations } from '@cs/errors';
import { transactionWithRetry } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AgentStore, linesServedBy } from '../infrastructure/agent.store.js';
import { drainQueues } from './assignment.service.js';

const teamPattern = /^[a-z][a-z0-9-]{0,39}$/;

/** Creates or updates an agent; more capacity takes waiting conversations at once. */
@Injectable()
export class RegisterAgentHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: RegisterAgentRequest): Promise<RegisterAgentResponse> {
    const violations = new Violations().require('agent_id', request.agentId).require('name', request.name);
    if (request.agentId.length > 64) violations.add('agent_id', 'must be at most 64 characters');
    checkEnum(request.role, knownValues(AgentRole), 'role', violations);
    request.teams.forEach((t, i) => {
      if (!teamPattern.test(t)) violations.add(`teams[${i}]`, 'must be a team name like pre-sales (a-z, 0-9, -)');
    });
    if (!Number.isInteger(request.capacity) || request.capacity < 0 || request.capacity > 100)
      violations.add('capacity', 'must be 0..100 open conversations');
    violations.throwIfAny();
    const agent = await transactionWithRetry(this.orm, (em) => AgentStore.upsert(em, request));
    await drainQueues(this.orm, linesServedBy(agent));
    return { agent: (await AgentStore.find(this.orm.em.fork(), agent.agentId)) ?? agent };
  }
}
