import type { Violations } from '@cs/errors';

// Generic checks (checkLength, checkEnum, checkMoney, …) live in @cs/errors; this one names aftersales' own RPC.
export function checkExpectedVersion(expectedVersion: number | undefined, violations: Violations): void {
  if (expectedVersion !== undefined && (!Number.isSafeInteger(expectedVersion) || expectedVersion < 1))
    violations.add('expected_version', 'must be a positive version returned by GetCase');
}
