import {
  addHealthAndReflection,
  type HealthStatuses,
  rejectMalformedRequests,
  strictRequestDeserializers,
} from '@cs/grpc';
import type { Server, ServiceDefinition } from '@grpc/grpc-js';
import type { GrpcOptions } from '@nestjs/microservices';
import { Transport } from '@nestjs/microservices';

/** A ts-proto `outputServices=grpc-js` service definition: method name (camelCase) → path and codecs. */
export type GeneratedService = ServiceDefinition;

/** The full proto name of a generated service, from its methods' paths: cs.orders.v1.OrdersService. */
export function serviceNameOf(service: GeneratedService): string {
  const first = Object.values(service)[0];
  if (!first) throw new Error('a gRPC service definition without methods');
  return first.path.split('/')[1] ?? '';
}

/** Told when a handler's response does not fit its message; the caller only sees INTERNAL. */
export type OnUnencodableResponse = (method: string, error: Error) => void;

/**
 * The generated services in the shape @grpc/proto-loader gives Nest (methods under their proto
 * names, the camelCase one as originalName), so the server decodes and encodes with the same ts-proto
 * codecs as everything else: no .proto parsing at start and no protobufjs registry kept beside them.
 */
export function packageDefinitionOf(
  services: GeneratedService[],
  onUnencodable: OnUnencodableResponse,
): Record<string, ServiceDefinition> {
  return Object.fromEntries(
    services.map((service) => [
      serviceNameOf(service),
      Object.fromEntries(
        Object.entries(service).map(([originalName, method]) => [
          method.path.slice(method.path.lastIndexOf('/') + 1),
          {
            ...method,
            originalName,
            responseSerialize: (value: unknown) => {
              try {
                return method.responseSerialize(value);
              } catch (error) {
                onUnencodable(method.path, error as Error);
                throw error;
              }
            },
          },
        ]),
      ),
    ]),
  );
}

export function grpcServerOptions(
  port: number,
  services: GeneratedService[],
  maxRequestBytes: number,
  onServer: (server: Server, health: HealthStatuses) => void,
  onUnencodable: OnUnencodableResponse,
  host = '0.0.0.0',
): GrpcOptions {
  const names = services.map(serviceNameOf);
  return {
    transport: Transport.GRPC,
    options: {
      url: `${host.includes(':') ? `[${host}]` : host}:${port}`,
      package: [...new Set(names.map((s) => s.slice(0, s.lastIndexOf('.'))))],
      packageDefinition: packageDefinitionOf(services, onUnencodable),
      // Nest loads its proto loader package even when handed a package definition; name one that is
      // loaded already instead of @grpc/proto-loader, which would bring protobufjs in for nothing.
      protoLoader: 'node:util',
      gracefulShutdown: true,
      maxReceiveMessageLength: maxRequestBytes,
      // Undecodable request bytes are the client's error: INVALID_ARGUMENT, never grpc-js's INTERNAL.
      channelOptions: { interceptors: [rejectMalformedRequests] },
      onLoadPackageDefinition: (packageDefinition, server) => {
        strictRequestDeserializers(packageDefinition as unknown as Record<string, unknown>, names);
        onServer(server as Server, addHealthAndReflection(server, names));
      },
    },
  };
}
