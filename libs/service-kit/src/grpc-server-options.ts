import { fileURLToPath } from 'node:url';
import { addHealthAndReflection, rejectMalformedRequests, strictRequestDeserializers } from '@cs/grpc';
import type { Server } from '@grpc/grpc-js';
import type { GrpcOptions } from '@nestjs/microservices';
import { Transport } from '@nestjs/microservices';
import type { HealthImplementation } from 'grpc-health-check';

/**
 * proto/ at the repository (or image) root, beside libs/contracts; found by package name, not beside
 * this module, so a service bundle finds it too.
 */
export const protoRoot =
  process.env.PROTO_DIR ?? fileURLToPath(new URL('../../proto/', import.meta.resolve('@cs/contracts/package.json')));

export function grpcServerOptions(
  port: number,
  protoFiles: string[],
  services: string[],
  maxRequestBytes: number,
  onServer: (server: Server, health: HealthImplementation) => void,
  host = '0.0.0.0',
): GrpcOptions {
  const packages = [...new Set(['cs.common.v1', ...services.map((s) => s.slice(0, s.lastIndexOf('.')))])];
  return {
    transport: Transport.GRPC,
    options: {
      url: `${host.includes(':') ? `[${host}]` : host}:${port}`,
      package: packages,
      // cs.common.v1 keeps a service with no RPCs of its own yet bootable: health and reflection only.
      protoPath: ['cs/common/v1/money.proto', ...protoFiles],
      loader: { includeDirs: [protoRoot], keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true },
      gracefulShutdown: true,
      maxReceiveMessageLength: maxRequestBytes,
      // Undecodable request bytes are the client's error: INVALID_ARGUMENT, never grpc-js's INTERNAL.
      channelOptions: { interceptors: [rejectMalformedRequests] },
      onLoadPackageDefinition: (packageDefinition, server) => {
        strictRequestDeserializers(packageDefinition as unknown as Record<string, unknown>, services);
        onServer(server as Server, addHealthAndReflection(server, services));
      },
    },
  };
}
