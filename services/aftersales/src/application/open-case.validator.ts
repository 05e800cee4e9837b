import type { OpenCaseRequest } from '@cs/contracts/cs/aftersales/v1/aftersales_service';
import { CaseKind, OriginSource, ParcelProblem } from '@cs/contracts/cs/aftersales/v1/case';
import { checkEnum, checkLength, checkMoney, knownValues, Violations } from '@cs/errors';

export function validateOpenCase(request: OpenCaseRequest): void {
  const violations = new Violations();
  checkEnum(request.kind, knownValues(CaseKind), 'kind', violations);
  violations.require('customer.customer_id', request.customer?.customerId).require('order_id', request.orderId);
  checkLength(request.orderId, 'order_id', 64, violations);
  if (request.origin) {
    checkEnum(request.origin.source, knownValues(OriginSource), 'origin.source', violations);
    if (request.origin.source === OriginSource.ORIGIN_SOURCE_COMPLAINT)
      violations.require('origin.reference', request.origin.reference, 'is required: the complaint id');
    if (request.origin.source === OriginSource.ORIGIN_SOURCE_INQUIRY)
      violations.require('origin.reference', request.origin.reference, 'is required: the conversation id');
    checkLength(request.origin.reference, 'origin.reference', 128, violations);
  }
  violations.require('reason', request.reason);
  checkLength(request.reason, 'reason', 500, violations);
  if (request.kind === CaseKind.CASE_KIND_PARCEL_PROBLEM)
    checkEnum(request.parcelProblem, knownValues(ParcelProblem), 'parcel_problem', violations);
  else if (request.parcelProblem !== ParcelProblem.PARCEL_PROBLEM_UNSPECIFIED)
    violations.add('parcel_problem', 'is only for PARCEL_PROBLEM cases');
  request.items.forEach((item, i) => {
    violations.require(`items[${i}].sku`, item.sku);
    if (!Number.isInteger(item.quantity) || item.quantity < 1)
      violations.add(`items[${i}].quantity`, 'must be a whole number ≥ 1');
  });
  if (request.items.length > 50) violations.add('items', 'must list at most 50 items');
  if (request.kind === CaseKind.CASE_KIND_EXCHANGE)
    violations.require('wanted_item.sku', request.wantedItem?.sku, 'is required: the item the customer wants instead');
  checkMoney(request.requestedAmount, 'requested_amount', violations, { positive: true });
  if (request.kind === CaseKind.CASE_KIND_EXTEND_RECEIPT_TIME) {
    if (!Number.isInteger(request.extendReceiptDays) || request.extendReceiptDays < 1 || request.extendReceiptDays > 30)
      violations.add('extend_receipt_days', 'must be 1..30 days');
  } else if (request.extendReceiptDays !== 0) {
    violations.add('extend_receipt_days', 'is only for EXTEND_RECEIPT_TIME cases');
  }
  const address = request.redeliveryAddress;
  if (address) {
    violations
      .require('redelivery_address.recipient_name', address.recipientName)
      .require('redelivery_address.phone', address.phone)
      .require('redelivery_address.city', address.city)
      .require('redelivery_address.street', address.street);
  }
  violations.require('idempotency_key', request.idempotencyKey, 'is required: retries must not open a second case');
  checkLength(request.idempotencyKey, 'idempotency_key', 128, violations);
  violations.throwIfAny();
}
