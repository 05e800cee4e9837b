import type { RootCause } from '@cs/contracts/cs/complaints/v1/complaint';
import { checkLength, type Violations } from '@cs/errors';

/** Each part of a root cause 1..64 characters: type → category → subcategory. */
export function checkRootCause(cause: RootCause | undefined, field: string, violations: Violations): void {
  if (!cause) {
    violations.add(field, 'is required (type, category, subcategory from the taxonomy)');
    return;
  }
  for (const part of ['type', 'category', 'subcategory'] as const) {
    violations.require(`${field}.${part}`, cause[part]);
    checkLength(cause[part], `${field}.${part}`, 64, violations);
  }
}
