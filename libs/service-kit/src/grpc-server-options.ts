import { fileURLToPath } from 'node:url';
import { addHealthAndReflection } from '@cs/grpc';
import type { GrpcOptions } from '@nestjs/microservices';
import { Transport } from '@nestjs/microservices';
import type { HealthImplementation } from 'grpc-health-check';

/** proto/ at the repository (or image) root; the same depth from src/ and dist/. */
export const protoRoot = process.env.PROTO_DIR ?? fileURLToPath(new URL('../../../proto/', import.meta.url));

export function grpcServerOptions(
  port: number,
  protoFiles: string[],
  services: string[],
  maxRequestBytes: number,
  onHealth: (health: HealthImplementation) => void,
): GrpcOptions {
  const packages = [...new Set(['cs.common.v1', ...services.map((s) => s.slice(0, s.lastIndexOf('.')))])];
  return {
    transport: Transport.GRPC,
    options: {
      url: `0.0.0.0:${port}`,
      package: packages,
      // cs.common.v1 keeps a service with no RPCs of its own yet bootable: health and reflection only.
      protoPath: ['cs/common/v1/money.proto', ...protoFiles],
      loader: { includeDirs: [protoRoot], keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true },
      gracefulShutdown: true,
      maxReceiveMessageLength: maxRequestBytes,
      onLoadPackageDefinition: (_packageDefinition, server) => onHealth(addHealthAndReflection(server, services)),
    },
  };
}
