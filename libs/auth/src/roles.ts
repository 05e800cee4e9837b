import { Role } from '@cs/contracts/cs/common/v1/access';

/** A role as tokens carry it: ROLE_FRONT_LINE_AGENT → "front-line-agent". */
export type RoleName = string;

export function roleName(role: Role): RoleName {
  return role
    .replace(/^ROLE_/, '')
    .toLowerCase()
    .replaceAll('_', '-');
}

/** Every role a token may hold, in the order the proto declares them. */
export const allRoleNames: RoleName[] = Object.values(Role)
  .filter((role) => role !== Role.ROLE_UNSPECIFIED)
  .map(roleName);

export const roles = {
  frontLineAgent: roleName(Role.ROLE_FRONT_LINE_AGENT),
  supervisor: roleName(Role.ROLE_SUPERVISOR),
  manager: roleName(Role.ROLE_MANAGER),
  orderDeskClerk: roleName(Role.ROLE_ORDER_DESK_CLERK),
  warehouseStaff: roleName(Role.ROLE_WAREHOUSE_STAFF),
  printingDeskStaff: roleName(Role.ROLE_PRINTING_DESK_STAFF),
  aftersalesAgent: roleName(Role.ROLE_AFTERSALES_AGENT),
  complaintsHandler: roleName(Role.ROLE_COMPLAINTS_HANDLER),
  careAgent: roleName(Role.ROLE_CARE_AGENT),
  knowledgeEditor: roleName(Role.ROLE_KNOWLEDGE_EDITOR),
  knowledgeReviewer: roleName(Role.ROLE_KNOWLEDGE_REVIEWER),
  integrator: roleName(Role.ROLE_INTEGRATOR),
  platformAdmin: roleName(Role.ROLE_PLATFORM_ADMIN),
  service: roleName(Role.ROLE_SERVICE),
} as const;
