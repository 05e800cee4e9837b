import { InvalidArgument, NotFound, RuleViolation } from '@cs/errors';
import { richErrorDetails } from '@cs/grpc';
import { type ServiceError, status } from '@grpc/grpc-js';

/** The order desk's refusals, as this service's own foreseeable failures (never UNKNOWN to our callers). */
export function fromOrderDeskError(error: unknown, orderId: string): Error {
  const e = error as ServiceError;
  if (typeof e?.code !== 'number') return error as Error;
  const details = e.metadata ? richErrorDetails(e.metadata) : { fieldViolations: [], reason: undefined };
  switch (e.code) {
    case status.NOT_FOUND:
      return new NotFound('order', orderId);
    case status.INVALID_ARGUMENT:
      return new InvalidArgument(
        details.fieldViolations.length ? details.fieldViolations : [{ field: 'order_id', description: e.details }],
      );
    case status.FAILED_PRECONDITION:
      return new RuleViolation(details.reason ?? 'order-desk.refused', e.details);
    default:
      return error as Error;
  }
}
