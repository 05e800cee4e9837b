import type { ChangeAddressRequest } from '@cs/contracts/cs/orders/v1/orders_service';
import { Violations } from '@cs/errors';
import { checkDeliveryAddress } from '../domain/address.validation.js';

export function validateChangeAddress(request: ChangeAddressRequest): void {
  const violations = new Violations()
    .require('order_id', request.orderId)
    .require('agent.agent_id', request.agent?.agentId)
    .require('agent.name', request.agent?.name, 'is required: the remark names who made the change')
    .require('idempotency_key', request.idempotencyKey, 'is required: retries must not change the order twice');
  if (request.idempotencyKey && request.idempotencyKey.length > 128)
    violations.add('idempotency_key', 'must be at most 128 characters');
  if (
    request.expectedVersion !== undefined &&
    (!Number.isSafeInteger(request.expectedVersion) || request.expectedVersion < 1)
  ) {
    violations.add('expected_version', 'must be a positive version returned by GetOrder');
  }
  checkDeliveryAddress(request.newAddress, 'new_address', violations);
  violations.throwIfAny();
}
