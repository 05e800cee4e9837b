import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type { Actor } from './principal.js';

// Keyed by the call's own metadata (gRPC) or request (HTTP) object: nothing a caller can forge.
const actors = new WeakMap<object, Actor>();

export function rememberActor(carrier: object, actor: Actor): void {
  actors.set(carrier, actor);
}

/** Who acts in this call, as the guard verified it. Throws if the guard did not run: a wiring bug. */
export function actorOf(carrier: object | undefined): Actor {
  const actor = carrier ? actors.get(carrier) : undefined;
  if (!actor) throw new Error('no verified actor for this call: is the AccessGuard installed?');
  return actor;
}

/** The actor as remarks and records name them: 张三 (a-7). */
export function agentRefOf(carrier: object | undefined): AgentRef {
  const actor = actorOf(carrier);
  return { agentId: actor.agentId, name: actor.name };
}
