import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';

/**
 * The staff member acting, as their verified token names them (never the request body): who signs
 * remarks, and the roles the row-level rules of the order desk look at. `Actor` of @cs/auth fits.
 */
export interface Staff extends AgentRef {
  roles: readonly string[];
}

export function holdsRole(staff: Pick<Staff, 'roles'>, ...wanted: string[]): boolean {
  return wanted.some((role) => staff.roles.includes(role));
}
