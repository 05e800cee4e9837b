import { Violations } from '@cs/errors';

/**
 * A customer's request to be forgotten (PIPL 个人信息删除): recorded once, then every service
 * anonymises that customer's personal data in its own tables and keeps the business facts.
 */
export interface ErasureRequest {
  erasureId: string;
  customerId: string;
  reason: string;
  requestedBy: string;
  requestedAt: Date;
}

/** What an erasure must name: the customer, and the reference of their request (kept as evidence). */
export function checkErasureRequest(customerId: string, reason: string, idempotencyKey: string): void {
  const violations = new Violations().require('customer_id', customerId).require('reason', reason);
  violations.require('idempotency_key', idempotencyKey);
  if (customerId.length > 200) violations.add('customer_id', 'must be at most 200 characters');
  if (reason.length > 500) violations.add('reason', 'must be at most 500 characters');
  violations.throwIfAny();
}
