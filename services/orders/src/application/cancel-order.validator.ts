import type { CancelOrderRequest } from '@cs/contracts/cs/orders/v1/orders_service';
import { Violations } from '@cs/errors';
import { checkChangeRequest } from './change-request.validator.js';

export function validateCancelOrder(request: CancelOrderRequest): void {
  const violations = new Violations();
  checkChangeRequest(request, violations);
  violations.throwIfAny();
}
