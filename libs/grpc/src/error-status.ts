import { BadRequest, ErrorInfo } from '@cs/contracts/google/rpc/error_details';
import { Status } from '@cs/contracts/google/rpc/status';
import { DomainError, InvalidArgument, RuleViolation } from '@cs/errors';
import { Metadata, status } from '@grpc/grpc-js';
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from './database-unavailable.js';

export interface GrpcError {
  code: status;
  details: string;
  metadata: Metadata;
}

const codeByKind: Record<DomainError['kind'], status> = {
  'invalid-argument': status.INVALID_ARGUMENT,
  'not-found': status.NOT_FOUND,
  'rule-violation': status.FAILED_PRECONDITION,
  'concurrent-edit': status.ABORTED,
  'already-exists': status.ALREADY_EXISTS,
  unauthenticated: status.UNAUTHENTICATED,
  'permission-denied': status.PERMISSION_DENIED,
  'resource-exhausted': status.RESOURCE_EXHAUSTED,
};

/**
 * Maps a failure to its gRPC status with the rich error model (google.rpc.Status in
 * grpc-status-details-bin): field violations for INVALID_ARGUMENT, the rule's name for
 * FAILED_PRECONDITION. A lost or unreachable database is UNAVAILABLE (retryable, HTTP 503).
 * Anything unforeseen is INTERNAL, its message not leaked.
 */
export function toGrpcError(error: unknown): GrpcError {
  if (isGrpcError(error)) return error;
  if (!(error instanceof DomainError)) {
    return isDatabaseUnavailable(error)
      ? { code: status.UNAVAILABLE, details: DATABASE_UNAVAILABLE, metadata: new Metadata() }
      : { code: status.INTERNAL, details: 'internal error', metadata: new Metadata() };
  }
  const code = codeByKind[error.kind];
  const details = detailsOf(error);
  const metadata = new Metadata();
  metadata.set(
    'grpc-status-details-bin',
    Buffer.from(Status.encode({ code, message: error.message, details }).finish()),
  );
  return { code, details: error.message, metadata };
}

function detailsOf(error: DomainError) {
  if (error instanceof InvalidArgument) {
    return [
      {
        typeUrl: 'type.googleapis.com/google.rpc.BadRequest',
        value: BadRequest.encode({ fieldViolations: error.violations }).finish(),
      },
    ];
  }
  if (error instanceof RuleViolation) {
    return [
      {
        typeUrl: 'type.googleapis.com/google.rpc.ErrorInfo',
        value: ErrorInfo.encode({ reason: error.rule, domain: 'cs', metadata: {} }).finish(),
      },
    ];
  }
  return [];
}

function isGrpcError(error: unknown): error is GrpcError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as GrpcError).code === 'number' &&
    (error as GrpcError).metadata instanceof Metadata
  );
}

/** Decodes the rich error details a server attached, for clients and tests. */
export function richErrorDetails(metadata: Metadata | undefined): {
  fieldViolations: { field: string; description: string }[];
  reason?: string;
} {
  const raw = metadata?.get('grpc-status-details-bin')[0];
  if (!raw || typeof raw === 'string') return { fieldViolations: [] };
  const decoded = Status.decode(raw);
  const fieldViolations = decoded.details
    .filter((d) => d.typeUrl.endsWith('google.rpc.BadRequest'))
    .flatMap((d) => BadRequest.decode(d.value).fieldViolations);
  const info = decoded.details.find((d) => d.typeUrl.endsWith('google.rpc.ErrorInfo'));
  return { fieldViolations, reason: info ? ErrorInfo.decode(info.value).reason : undefined };
}
