import type { Violations } from '@cs/errors';

/** A customer id as the shop platform gives it: required, at most 200 characters. */
export function checkCustomerId(violations: Violations, field: string, customerId: string): void {
  violations.require(field, customerId);
  if (customerId.length > 200) violations.add(field, 'must be at most 200 characters');
}

export function checkLength(violations: Violations, field: string, value: string, min: number, max: number): void {
  const length = Array.from(value.trim()).length;
  if (length < min || Array.from(value).length > max) violations.add(field, `must be ${min}..${max} characters`);
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function checkUuid(violations: Violations, field: string, value: string): void {
  if (!value) violations.add(field, 'is required');
  else if (!uuid.test(value)) violations.add(field, 'must be a UUID');
}
