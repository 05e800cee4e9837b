import type { Metadata } from '@grpc/grpc-js';
import type { ExecutionContext } from '@nestjs/common';

/** A unary gRPC call as Nest hands it to guards and interceptors. */
export interface GrpcCall {
  /** `/cs.orders.v1.OrdersService/ChangeAddress` */
  path: string;
  request: unknown;
  metadata: Metadata;
}

/**
 * The gRPC call of an execution context; undefined for HTTP routes and for JetStream event
 * handlers, which are Nest rpc handlers too but have no call path (the bus is guarded by NATS).
 */
export function grpcCallOf(context: ExecutionContext): GrpcCall | undefined {
  if (context.getType() !== 'rpc') return undefined;
  const [request, metadata, call] = context.getArgs<[unknown, Metadata | undefined, { getPath?: () => string }]>();
  if (typeof call?.getPath !== 'function' || !metadata) return undefined;
  return { path: call.getPath(), request, metadata };
}

/** The first value of a text metadata key. */
export function metadataValue(metadata: Metadata, key: string): string | undefined {
  const value = metadata.get(key)[0];
  return typeof value === 'string' ? value : undefined;
}
