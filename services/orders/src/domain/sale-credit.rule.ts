import { roles } from '@cs/auth';
import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { PermissionDenied } from '@cs/errors';
import { holdsRole, type Staff } from './staff.js';

export const CREDIT_ANOTHER_AGENT_RULE = 'order-desk.only-supervisors-credit-another-agent';

/**
 * 小蓝旗 earns commission, so who may credit whom matters: every agent marks their own sales;
 * crediting someone else (a correction, a sale closed by a colleague) is for supervisors and
 * managers, and for a platform service recording it with its own identity.
 */
export function checkMayCreditSale(staff: Staff, salesAgent: AgentRef): void {
  if (salesAgent.agentId === staff.agentId) return;
  if (holdsRole(staff, roles.supervisor, roles.manager, roles.service)) return;
  throw new PermissionDenied(
    `${CREDIT_ANOTHER_AGENT_RULE}: ${staff.name} (${staff.agentId}) may credit only their own sales, not ${salesAgent.name} (${salesAgent.agentId})`,
  );
}
