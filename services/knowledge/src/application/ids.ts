import type { Violations } from '@cs/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids of standard replies and gaps are UUIDs: anything else names nothing and is refused as input. */
export function checkId(field: string, value: string, violations: Violations): void {
  violations.require(field, value);
  if (value && !UUID.test(value)) violations.add(field, 'must be an id as returned by this service (a UUID)');
}
