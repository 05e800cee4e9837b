import type { RoleName } from './roles.js';

/** Who is calling, as a verified token says. */
export interface Principal {
  /** The token's `sub`: an agent's id at the identity provider, or `service:<name>` for a service. */
  subject: string;
  roles: RoleName[];
  /** The staff id written into remarks and records (claim `agent_id`, else `sub`). */
  agentId: string;
  /** The name remarks carry, e.g. 张三 (claim `name`, else the agent id). */
  name: string;
  /** The agent's team (claim `team`), for row-level rules; empty when none. */
  team: string;
  /** The raw bearer token, so a service can act on the caller's behalf downstream. */
  token: string;
}

/**
 * The party a command is done by. Usually the caller; when a platform service calls with its own
 * identity on behalf of a person (`x-cs-on-behalf-of` carrying that person's token), the person.
 */
export interface Actor extends Principal {
  /** The service that relayed the call, when one did. */
  via?: string;
}

export function hasRole(principal: Pick<Principal, 'roles'>, ...wanted: RoleName[]): boolean {
  return wanted.some((role) => principal.roles.includes(role));
}
