import type { Violations } from '@cs/errors';

/** A retry with the same key returns the first outcome: commands that create require one. */
export function checkIdempotencyKey(key: string, violations: Violations): void {
  violations.require('idempotency_key', key, 'is required: a retry must return the first outcome, not act twice');
  if (key.length > 128) violations.add('idempotency_key', 'must be at most 128 characters');
}

const idPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids we issue are UUIDs: anything else is malformed, not merely unknown. */
export function checkUuid(value: string, field: string, violations: Violations): void {
  if (!value.trim()) violations.add(field, 'is required');
  else if (!idPattern.test(value)) violations.add(field, 'must be an id returned by this service');
}

export function checkCustomerId(value: string, field: string, violations: Violations): void {
  violations.require(field, value);
  if (value.length > 200) violations.add(field, 'must be at most 200 characters');
}
