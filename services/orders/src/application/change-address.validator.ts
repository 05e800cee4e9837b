import type { ChangeAddressRequest } from '@cs/contracts/cs/orders/v1/orders_service';
import { Violations } from '@cs/errors';
import { checkDeliveryAddress } from '../domain/address.validation.js';
import { checkChangeRequest } from './change-request.validator.js';

export function validateChangeAddress(request: ChangeAddressRequest): void {
  const violations = new Violations();
  checkChangeRequest(request, violations);
  checkDeliveryAddress(request.newAddress, 'new_address', violations);
  violations.throwIfAny();
}
