import type { ChangeAttributesRequest } from '@cs/contracts/cs/orders/v1/orders_service';
import { Violations } from '@cs/errors';
import { checkChangeRequest } from './change-request.validator.js';

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
  violations.throwIfAny();
}
