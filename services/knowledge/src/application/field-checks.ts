import type { Timestamp } from '@cs/contracts/google/protobuf/timestamp';
import type { Violations } from '@cs/errors';

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function checkLength(value: string | undefined, field: string, max: number, violations: Violations): void {
  if (value && value.length > max) violations.add(field, `must be at most ${max} characters`);
}

export function checkUuid(value: string | undefined, field: string, violations: Violations, required = true): void {
  if (!value) {
    if (required) violations.add(field, 'is required');
  } else if (!uuidPattern.test(value)) violations.add(field, 'must be an article id (a UUID)');
}

export function checkEnum(value: string, allowed: readonly string[], field: string, violations: Violations): void {
  if (!allowed.includes(value)) violations.add(field, `must be one of ${allowed.join(', ')}`);
}

/** Enum values other than the zero value, for "must be one of" messages. */
export const knownValues = (enumObject: Record<string, string>) =>
  Object.values(enumObject).filter((v) => !v.endsWith('_UNSPECIFIED'));

export function checkVersionNumber(value: number, field: string, violations: Violations): void {
  if (!Number.isSafeInteger(value) || value < 1) violations.add(field, 'must be a version number (1 or more)');
}

export function checkTimestamp(value: Timestamp | undefined, field: string, violations: Violations): void {
  if (!value) return;
  if (!Number.isSafeInteger(value.seconds) || value.seconds < 0 || value.nanos < 0 || value.nanos > 999_999_999)
    violations.add(field, 'must be a valid time');
}

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

/** A shop calendar day, YYYY-MM-DD, that exists. */
export function checkDay(value: string, field: string, violations: Violations): void {
  if (
    !dayPattern.test(value) ||
    Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ||
    new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value
  )
    violations.add(field, 'must be a day as YYYY-MM-DD');
}

/** State-changing commands are retried after a lost reply: the key makes the retry return the first outcome. */
export function checkIdempotencyKey(key: string | undefined, violations: Violations): void {
  violations.require('idempotency_key', key, 'is required: a retry must return the first outcome, not act twice');
  checkLength(key, 'idempotency_key', 128, violations);
}
