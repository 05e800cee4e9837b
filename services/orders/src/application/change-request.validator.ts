import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { ConfirmationChannel, type CustomerConfirmation } from '@cs/contracts/cs/orders/v1/order';
import type { Timestamp } from '@cs/contracts/google/protobuf/timestamp';
import type { Violations } from '@cs/errors';

/** What every change request carries: the order, how the customer confirmed, a retry key (who asks is the token's). */
export interface ChangeRequestFields {
  orderId: string;
  confirmation?: CustomerConfirmation | undefined;
  idempotencyKey: string;
  expectedVersion?: number | undefined;
}

const channels = Object.values(ConfirmationChannel).filter(
  (c) => c !== ConfirmationChannel.CONFIRMATION_CHANNEL_UNSPECIFIED,
);
// A confirmation stamped a little ahead of the server clock is a skewed client, not a future event.
const clockSkewMs = 5 * 60_000;

export function checkTimestamp(field: string, value: Timestamp | undefined | null, violations: Violations): void {
  if (!value) violations.add(field, 'is required');
  else if (!Number.isSafeInteger(value.seconds) || value.seconds < 0 || value.nanos < 0 || value.nanos > 999_999_999)
    violations.add(field, 'must be a valid timestamp');
}

/** An agent a request names as another party (the seller credited by a sale attribution). */
export function checkAgent(field: string, agent: AgentRef | undefined | null, violations: Violations): void {
  violations
    .require(`${field}.agent_id`, agent?.agentId)
    .require(`${field}.name`, agent?.name, 'is required: the remark names them');
}

export function checkChangeRequest(request: ChangeRequestFields, violations: Violations): void {
  violations.require('order_id', request.orderId);
  violations.require('idempotency_key', request.idempotencyKey, 'is required: retries must not change the order twice');
  if (request.idempotencyKey && request.idempotencyKey.length > 128)
    violations.add('idempotency_key', 'must be at most 128 characters');
  if (
    request.expectedVersion !== undefined &&
    request.expectedVersion !== null &&
    (!Number.isSafeInteger(request.expectedVersion) || request.expectedVersion < 1)
  ) {
    violations.add('expected_version', 'must be a positive version returned by GetOrder');
  }
  const confirmation = request.confirmation;
  if (!confirmation) {
    violations.add('confirmation', 'is required: every change is confirmed with the customer (when and how)');
    return;
  }
  checkTimestamp('confirmation.confirmed_at', confirmation.confirmedAt, violations);
  if (
    confirmation.confirmedAt?.seconds !== undefined &&
    confirmation.confirmedAt.seconds * 1000 > Date.now() + clockSkewMs
  ) {
    violations.add('confirmation.confirmed_at', 'must not be in the future');
  }
  if (!(channels as string[]).includes(confirmation.channel))
    violations.add('confirmation.channel', `must be one of ${channels.join(', ')}`);
}
