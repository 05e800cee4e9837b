import type { RecordOrderPlacedRequest } from '@cs/contracts/cs/orders/v1/orders_service';
import { Violations } from '@cs/errors';
import { checkDeliveryAddress } from '../domain/address.validation.js';

const currencyPattern = /^[A-Z]{3}$/;

export function validateRecordOrderPlaced(request: RecordOrderPlacedRequest): void {
  const violations = new Violations()
    .require('order_id', request.orderId)
    .require('customer.customer_id', request.customer?.customerId);
  if (request.orderId && request.orderId.length > 64) violations.add('order_id', 'must be at most 64 characters');
  if (!request.items.length) violations.add('items', 'must list at least one item');
  request.items.forEach((item, i) => {
    violations.require(`items[${i}].sku`, item.sku);
    if (!Number.isInteger(item.quantity) || item.quantity < 1)
      violations.add(`items[${i}].quantity`, 'must be a whole number ≥ 1');
    if (!item.unitPrice || item.unitPrice.amountMinor < 0)
      violations.add(`items[${i}].unit_price`, 'is required and must not be negative');
  });
  if (!request.total) violations.add('total', 'is required');
  else {
    if (request.total.amountMinor < 0 || !Number.isSafeInteger(request.total.amountMinor))
      violations.add('total.amount_minor', 'must be a non-negative whole number of minor units');
    if (!currencyPattern.test(request.total.currency))
      violations.add('total.currency', 'must be an ISO 4217 code such as CNY');
  }
  if (!request.placedAt) violations.add('placed_at', 'is required');
  checkDeliveryAddress(request.address, 'address', violations);
  violations.throwIfAny();
}
