import type { GetAgentRequest, GetAgentResponse } from '@cs/contracts/cs/inquiry/v1/agents_service';
import { NotFound, Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AgentStore } from '../infrastructure/agent.store.js';

@Injectable()
export class GetAgentHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: GetAgentRequest): Promise<GetAgentResponse> {
    new Violations().require('agent_id', request.agentId).throwIfAny();
    const agent = await AgentStore.find(this.orm.em.fork(), request.agentId);
    if (!agent) throw new NotFound('agent', request.agentId);
    return { agent };
  }
}
