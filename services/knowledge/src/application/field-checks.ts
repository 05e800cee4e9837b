import type { Violations } from '@cs/errors';

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function checkUuid(value: string | undefined, field: string, violations: Violations, required = true): void {
  if (!value) {
    if (required) violations.add(field, 'is required');
  } else if (!uuidPattern.test(value)) violations.add(field, 'must be an article id (a UUID)');
}

export function checkVersionNumber(value: number, field: string, violations: Violations): void {
  if (!Number.isSafeInteger(value) || value < 1) violations.add(field, 'must be a version number (1 or more)');
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
