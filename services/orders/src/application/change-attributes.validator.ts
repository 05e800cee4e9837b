import type { ChangeAttributesRequest } from '@cs/contracts/cs/orders/v1/orders_service';
import { Violations } from '@cs/errors';
import { checkChangeRequest } from './change-request.validator.js';

// As after-sales takes them for an exchange's wanted item: the same attributes travel there.
const MAX_ATTRIBUTES = 20;

export function validateChangeAttributes(request: ChangeAttributesRequest): void {
  const violations = new Violations();
  checkChangeRequest(request, violations);
  violations
    .require('sku', request.sku, 'is required: the SKU the customer bought')
    .require('new_sku', request.newSku, 'is required: the SKU the customer wants instead')
    .require('new_title', request.newTitle, 'is required: the printing desk prints it');
  if (request.sku && request.sku === request.newSku) violations.add('new_sku', 'must differ from sku');
  for (const [field, value] of [
    ['sku', request.sku],
    ['new_sku', request.newSku],
    ['new_title', request.newTitle],
  ] as const) {
    if (value && value.length > 200) violations.add(field, 'must be at most 200 characters');
  }
  const attributes = Object.entries(request.newAttributes ?? {});
  if (attributes.length > MAX_ATTRIBUTES)
    violations.add('new_attributes', `must hold at most ${MAX_ATTRIBUTES} attributes`);
  for (const [name, value] of attributes) {
    if (!name.trim() || name.length > 32) violations.add('new_attributes', 'names must be 1..32 characters');
    else if (!value.trim() || value.length > 64) violations.add(`new_attributes[${name}]`, 'must be 1..64 characters');
  }
  violations.throwIfAny();
}
