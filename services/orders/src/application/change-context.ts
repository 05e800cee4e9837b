import type { CustomerConfirmation } from '@cs/contracts/cs/orders/v1/order';
import { ConcurrentEdit } from '@cs/errors';
import type { Order } from '../domain/order.aggregate.js';
import type { ChangeContext } from '../domain/order-change.entity.js';
import type { ChangeRequestFields } from './change-request.validator.js';
import { fromTimestamp } from './order.view.js';

/** The validated request as the domain takes it. */
export function changeContext(request: ChangeRequestFields, timeZone: string): ChangeContext {
  const confirmation = request.confirmation as CustomerConfirmation;
  return {
    agent: request.agent!,
    at: new Date(),
    timeZone,
    confirmation: {
      confirmedAt: fromTimestamp(confirmation.confirmedAt!).toISOString(),
      channel: confirmation.channel,
    },
  };
}

/** With expected_version, a change is refused if the order moved on since the agent read it. */
export function checkExpectedVersion(order: Order, expectedVersion: number | undefined | null): void {
  if (expectedVersion !== undefined && expectedVersion !== null && expectedVersion !== order.version) {
    throw new ConcurrentEdit(
      `order ${order.id} changed since you read it (now version ${order.version}, you had ${expectedVersion}): reload and decide again`,
    );
  }
}
