import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';

/**
 * A command as the idempotency store fingerprints it: the request plus the verified caller, so a
 * key reused by another caller is refused instead of handing them the first caller's outcome.
 */
export function actingRequest<R extends { idempotencyKey: string }>(request: R, agent: AgentRef): R {
  return { ...request, agent };
}
