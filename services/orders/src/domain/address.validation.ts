import type { Address } from '@cs/contracts/cs/orders/v1/order';
import type { Violations } from '@cs/errors';

// Mainland mobile (11 digits from 13x–19x) or a landline with area code, optionally +86.
const phonePattern = /^(?:\+?86[- ]?)?(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

/** A delivery address the courier can use: recipient, reachable phone, province, city and street. */
export function checkDeliveryAddress(address: Address | undefined, field: string, violations: Violations): void {
  if (!address) {
    violations.add(field, 'is required');
    return;
  }
  violations
    .require(`${field}.recipient_name`, address.recipientName)
    .require(`${field}.province`, address.province)
    .require(`${field}.city`, address.city)
    .require(`${field}.street`, address.street);
  if (!address.phone?.trim()) violations.add(`${field}.phone`, 'is required');
  else if (!phonePattern.test(address.phone.replace(/\s/g, ''))) {
    violations.add(`${field}.phone`, 'must be a mainland mobile (11 digits) or landline number');
  }
  if (address.postalCode && !/^\d{6}$/.test(address.postalCode))
    violations.add(`${field}.postal_code`, 'must be 6 digits');
  for (const [key, value] of Object.entries(address)) {
    if (typeof value === 'string' && value.length > 200)
      violations.add(`${field}.${snake(key)}`, 'must be at most 200 characters');
  }
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
