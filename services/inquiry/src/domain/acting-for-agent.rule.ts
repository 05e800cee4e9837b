/** Who asks to act for an agent: their staff id and their token's roles. */
export interface StaffMember {
  agentId: string;
  roles: readonly string[];
}

/**
 * An agent's own desk work — presence, shift handover (交接班), reading their day and their handovers —
 * is theirs to do; a supervisor (主管) or the manager (客服经理) may do it for another agent, e.g. sign
 * off someone who left without handing over.
 */
export function mayActForAgent(actor: StaffMember, agentId: string): boolean {
  return actor.agentId === agentId || actor.roles.includes('supervisor') || actor.roles.includes('manager');
}
