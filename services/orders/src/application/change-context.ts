import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import type { CustomerConfirmation } from '@cs/contracts/cs/orders/v1/order';
import { ConcurrentEdit } from '@cs/errors';
import type { Order } from '../domain/order.aggregate.js';
import type { ChangeContext } from '../domain/order-change.entity.js';
import type { ChangeRequestFields } from './change-request.validator.js';
import { fromTimestamp } from './order.view.js';

/** The validated request, and who makes it (from their token), as the domain takes them. */
export function changeContext(request: ChangeRequestFields, actor: AgentRef, timeZone: string): ChangeContext {
  const confirmation = request.confirmation as CustomerConfirmation;
  return {
    agent: actor,
    at: new Date(),
    timeZone,
    confirmation: {
      confirmedAt: fromTimestamp(confirmation.confirmedAt!).toISOString(),
      channel: confirmation.channel,
    },
  };
}

/**
 * What an idempotency key is bound to: the request and who makes it. The actor left the body for the
 * token, yet a colleague reusing someone's key must still be refused, not handed their outcome.
 */
export function retryIdentity<R extends { idempotencyKey: string }>(
  request: R,
  actor: AgentRef,
): R & { actor: AgentRef } {
  return { ...request, actor: { agentId: actor.agentId, name: actor.name } };
}

/** With expected_version, a change is refused if the order moved on since the agent read it. */
export function checkExpectedVersion(order: Order, expectedVersion: number | undefined | null): void {
  if (expectedVersion !== undefined && expectedVersion !== null && expectedVersion !== order.version) {
    throw new ConcurrentEdit(
      `order ${order.id} changed since you read it (now version ${order.version}, you had ${expectedVersion}): reload and decide again`,
    );
  }
}
