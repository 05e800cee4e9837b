import type { Actor } from '@cs/auth';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { PermissionDenied } from '@cs/errors';
import type { EntityManager } from '@mikro-orm/postgresql';
import { mayActForAgent } from '../domain/acting-for-agent.rule.js';
import {
  type ConversationPlace,
  type ConversationScope,
  conversationScopeOf,
  outsideScope,
  type Viewer,
} from '../domain/conversation-access.rule.js';
import { AgentStore } from '../infrastructure/agent.store.js';

/** The verified caller as remarks, notes and records name them: 张三 (a-7). */
export const refOf = (actor: Actor): AgentRef => ({ agentId: actor.agentId, name: actor.name });

/**
 * The caller as the access rules see them: the token's roles and team, and the queues the agent
 * (found by the token's agent_id) is registered to serve.
 */
export async function viewerOf(em: EntityManager, actor: Actor): Promise<Viewer> {
  const registered = await AgentStore.find(em, actor.agentId);
  const teams = new Set([...(actor.team ? [actor.team] : []), ...(registered?.teams ?? [])]);
  return { agentId: actor.agentId, roles: actor.roles, teams: [...teams] };
}

export async function scopeOf(em: EntityManager, actor: Actor): Promise<ConversationScope> {
  return conversationScopeOf(await viewerOf(em, actor));
}

/** PERMISSION_DENIED saying why, unless the conversation is within the caller's scope. */
export function ensureInScope(scope: ConversationScope, c: ConversationPlace): void {
  const why = outsideScope(scope, c);
  if (why) throw new PermissionDenied(why);
}

/** PERMISSION_DENIED unless the caller is that agent, or a supervisor or the manager. */
export function ensureMayActFor(actor: Actor, agentId: string, what: string): void {
  if (!mayActForAgent(actor, agentId))
    throw new PermissionDenied(`${what} of agent ${agentId}: only that agent, a supervisor or the manager may`);
}
