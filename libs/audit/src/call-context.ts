import { type AccessPolicy, grpcCallOf } from '@cs/auth';
import { type GrpcError, toGrpcError } from '@cs/grpc';
import { maskPersonalDataInText } from '@cs/telemetry';
import { type Metadata, status } from '@grpc/grpc-js';
import type { ExecutionContext } from '@nestjs/common';
import { trace } from '@opentelemetry/api';

/** A gRPC call whose RPC declares `command` or `reads_personal_data`: the calls the trail records. */
export interface AuditedCall {
  rpc: string;
  request: unknown;
  metadata: Metadata;
}

export function auditedCall(context: ExecutionContext, policy: AccessPolicy): AuditedCall | undefined {
  // JetStream event handlers have no gRPC call: the system acts there.
  const call = grpcCallOf(context);
  const rule = call && policy.ruleOf(call.path);
  if (!call || !rule || !(rule.command || rule.readsPersonalData)) return undefined;
  return { rpc: call.path, request: call.request, metadata: call.metadata };
}

const zeroTraceId = '0'.repeat(32);

/**
 * The call's trace id: the active span's (OpenTelemetry instruments the gRPC server), else the
 * caller's `traceparent` metadata, so the record links to the trace even where tracing is off.
 */
export function traceIdOf(metadata: Metadata): string {
  const active = trace.getActiveSpan()?.spanContext().traceId;
  if (active && active !== zeroTraceId) return active;
  const traceparent = metadata.get('traceparent')[0];
  const fromHeader =
    typeof traceparent === 'string'
      ? /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/.exec(traceparent)?.[1]
      : undefined;
  return fromHeader && fromHeader !== zeroTraceId ? fromHeader : '';
}

/** "PERMISSION_DENIED: <message>": the status the caller got, with a short message, personal data masked. */
export function outcomeOf(error: unknown): string {
  const grpcError: GrpcError = toGrpcError(error);
  const name = status[grpcError.code] ?? String(grpcError.code);
  const message = maskPersonalDataInText(grpcError.details ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  return message ? `${name}: ${message.length > 200 ? `${message.slice(0, 199)}…` : message}` : name;
}
