import { roles } from '@cs/auth';
import { Desk } from '@cs/contracts/cs/orders/v1/order';
import { PermissionDenied } from '@cs/errors';
import { holdsRole, type Staff } from './staff.js';

export const OWN_DESK_RULE = 'desk-task.own-desk-only';

const bothDesks = [Desk.DESK_WAREHOUSE, Desk.DESK_PRINTING];

/**
 * The desks whose tasks someone may take and complete: the warehouse its own, the printing desk its
 * own, and the order desk both, since it follows every change through. A token may hold several roles.
 */
export function desksWorkedBy(staff: Pick<Staff, 'roles'>): Desk[] {
  if (holdsRole(staff, roles.orderDeskClerk)) return bothDesks;
  return bothDesks.filter((desk) =>
    desk === Desk.DESK_WAREHOUSE ? holdsRole(staff, roles.warehouseStaff) : holdsRole(staff, roles.printingDeskStaff),
  );
}

/**
 * The desks whose task lists someone may read: their own at the warehouse or the printing desk;
 * both for the order desk and for those who oversee it (supervisors, managers, integrators).
 */
export function desksSeenBy(staff: Pick<Staff, 'roles'>): Desk[] {
  if (holdsRole(staff, roles.supervisor, roles.manager, roles.integrator)) return bothDesks;
  return desksWorkedBy(staff);
}

/** Acknowledging or completing a task of another desk is refused (PERMISSION_DENIED). */
export function checkWorksAtDesk(staff: Staff, desk: Desk): void {
  if (desksWorkedBy(staff).includes(desk)) return;
  throw new PermissionDenied(
    `${OWN_DESK_RULE}: ${staff.name} (${staff.agentId}) works at ${desksWorkedBy(staff).join(', ') || 'no desk'}, not at ${desk}`,
  );
}

/**
 * The desk a task list is read for: the one asked for, which must be one the reader sees; left
 * unset, the reader's own when they see just one (a warehouse hand asks for "my tasks").
 */
export function deskToList(staff: Staff, requested: Desk): Desk {
  const seen = desksSeenBy(staff);
  if (requested === Desk.DESK_UNSPECIFIED) return seen.length === 1 ? seen[0]! : requested;
  if (!bothDesks.includes(requested) || seen.includes(requested)) return requested;
  throw new PermissionDenied(
    `${OWN_DESK_RULE}: ${staff.name} (${staff.agentId}) sees the tasks of ${seen.join(', ') || 'no desk'}, not of ${requested}`,
  );
}
