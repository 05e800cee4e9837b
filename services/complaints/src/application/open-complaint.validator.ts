import { ComplaintNature, ComplaintSource, Severity } from '@cs/contracts/cs/complaints/v1/complaint';
import type { OpenComplaintRequest } from '@cs/contracts/cs/complaints/v1/complaints_service';
import { checkEnum, checkIdempotencyKey, checkLength, checkTimestamp, knownValues, Violations } from '@cs/errors';
import { fromTimestamp } from './timestamps.js';

const withDeadline = [ComplaintSource.COMPLAINT_SOURCE_PLATFORM, ComplaintSource.COMPLAINT_SOURCE_REGULATOR_12315];
// Conversation complaints arrive from inquiry's event, not through this RPC.
const openable = knownValues(ComplaintSource).filter((s) => s !== ComplaintSource.COMPLAINT_SOURCE_CONVERSATION);

export function checkList(values: string[], field: string, max: number, maxLength: number, violations: Violations) {
  if (values.length > max) violations.add(field, `must hold at most ${max} entries`);
  values.forEach((v, i) => {
    if (!v.trim()) violations.add(`${field}[${i}]`, 'must not be empty');
    checkLength(v, `${field}[${i}]`, maxLength, violations);
  });
}

export function validateOpenComplaint(request: OpenComplaintRequest, now = new Date()): void {
  const violations = new Violations();
  checkEnum(request.source, openable, 'source', violations);
  if (request.source !== ComplaintSource.COMPLAINT_SOURCE_DIRECT)
    violations.require('source_reference', request.sourceReference, 'is required except for DIRECT complaints');
  checkLength(request.sourceReference, 'source_reference', 128, violations);
  violations.require('customer.customer_id', request.customer?.customerId);
  checkLength(request.customer?.customerId, 'customer.customer_id', 64, violations);
  checkLength(request.customer?.displayName, 'customer.display_name', 100, violations);
  checkLength(request.conversationId, 'conversation_id', 128, violations);
  checkList(request.orderIds, 'order_ids', 10, 64, violations);
  checkList(request.skus, 'skus', 20, 64, violations);
  violations.require('description', request.description, 'must say what happened (1..2000 characters)');
  checkLength(request.description, 'description', 2000, violations);
  checkLength(request.remedySought, 'remedy_sought', 500, violations);
  checkEnum(request.claimedNature, Object.values(ComplaintNature), 'claimed_nature', violations);
  checkEnum(request.severity, Object.values(Severity), 'severity', violations);
  if (withDeadline.includes(request.source)) {
    checkTimestamp(request.externalDeadline, 'external_deadline', violations);
    if (request.externalDeadline && fromTimestamp(request.externalDeadline) <= now)
      violations.add('external_deadline', 'must be in the future');
  } else checkTimestamp(request.externalDeadline, 'external_deadline', violations, false);
  checkIdempotencyKey(request.idempotencyKey, violations);
  violations.throwIfAny();
}
