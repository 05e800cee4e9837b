import { personalDataFields } from '@cs/contracts';
import { maskName, maskPhone } from '@cs/telemetry';
import { hasRole } from './principal.js';
import { type RoleName, roles } from './roles.js';

export type PersonalDataKind = 'phone' | 'street' | 'name' | 'email';

/**
 * Who sees each kind of personal data in clear: the people who talk to, write to or ship to the
 * customer. Everyone else (integrators, the knowledge base, platform admins) sees it masked.
 * The fields themselves are marked in proto/ with (cs.common.v1.personal_data).
 */
export const seesInClear: Record<PersonalDataKind, RoleName[]> = {
  phone: [
    roles.frontLineAgent,
    roles.supervisor,
    roles.manager,
    roles.orderDeskClerk,
    roles.printingDeskStaff,
    roles.aftersalesAgent,
    roles.complaintsHandler,
    roles.careAgent,
    roles.service,
  ],
  street: [
    roles.frontLineAgent,
    roles.supervisor,
    roles.manager,
    roles.orderDeskClerk,
    roles.warehouseStaff,
    roles.printingDeskStaff,
    roles.aftersalesAgent,
    roles.complaintsHandler,
    roles.service,
  ],
  name: [
    roles.frontLineAgent,
    roles.supervisor,
    roles.manager,
    roles.orderDeskClerk,
    roles.warehouseStaff,
    roles.printingDeskStaff,
    roles.aftersalesAgent,
    roles.complaintsHandler,
    roles.careAgent,
    roles.service,
  ],
  // Whoever may call the customer may also write to them.
  email: [
    roles.frontLineAgent,
    roles.supervisor,
    roles.manager,
    roles.orderDeskClerk,
    roles.printingDeskStaff,
    roles.aftersalesAgent,
    roles.complaintsHandler,
    roles.careAgent,
    roles.service,
  ],
};

const maskers: Record<PersonalDataKind, (value: string) => string> = {
  phone: maskPhone,
  street: (street) => (street ? '***' : street),
  name: maskName,
  // `li.hua@example.com` → `l***@example.com`: the domain says little about the person.
  email: (email) =>
    email ? `${Array.from(email)[0]}***${email.includes('@') ? email.slice(email.indexOf('@')) : ''}` : email,
};

/** The kinds of personal data these roles must not see in clear. */
export function hiddenKinds(callerRoles: RoleName[]): Set<PersonalDataKind> {
  const kinds = Object.keys(seesInClear) as PersonalDataKind[];
  return new Set(kinds.filter((kind) => !hasRole({ roles: callerRoles }, ...seesInClear[kind])));
}

/** A copy of a message of type `typeName` with the hidden kinds masked; the input is not modified. */
export function maskMessage<T>(typeName: string, message: T, hidden: Set<PersonalDataKind>): T {
  if (hidden.size === 0 || message === null || typeof message !== 'object') return message;
  const fields = personalDataFields[typeName];
  if (!fields) return message;
  const copy: Record<string, unknown> = { ...(message as Record<string, unknown>) };
  for (const [field, kindOrType] of Object.entries(fields)) {
    const value = copy[field];
    if (value === undefined || value === null) continue;
    if (kindOrType in maskers) {
      const kind = kindOrType as PersonalDataKind;
      if (hidden.has(kind) && typeof value === 'string') copy[field] = maskers[kind](value);
    } else if (Array.isArray(value)) {
      copy[field] = value.map((item) => maskMessage(kindOrType, item, hidden));
    } else {
      copy[field] = maskMessage(kindOrType, value, hidden);
    }
  }
  return copy as T;
}
