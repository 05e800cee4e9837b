import {
  addHealthAndReflection,
  type HealthStatuses,
  rejectMalformedRequests,
  strictRequestDeserializers,
} from '@cs/grpc';
import type { MethodDefinition, Server, ServiceDefinition } from '@grpc/grpc-js';
import type { GrpcOptions } from '@nestjs/microservices';
import { Transport } from '@nestjs/microservices';
import type { GeneratedService } from './generated-service.js';

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
  const serialize = (type: { encode(message: never): { finish(): Uint8Array } }) => (value: unknown) =>
    Buffer.from(type.encode(value as never).finish());
  return Object.fromEntries(
    services.map((service) => [
      service.fullName,
      Object.fromEntries(
        Object.entries(service.methods).map(([originalName, method]) => {
          const path = `/${service.fullName}/${method.name}`;
          const encodeResponse = serialize(method.responseType);
          const definition: MethodDefinition<unknown, unknown> = {
            path,
            originalName,
            requestStream: method.requestStream,
            responseStream: method.responseStream,
            requestSerialize: serialize(method.requestType),
            requestDeserialize: (bytes) => method.requestType.decode(bytes),
            responseSerialize: (value) => {
              try {
                return encodeResponse(value);
              } catch (error) {
                onUnencodable(path, error as Error);
                throw error;
              }
            },
            responseDeserialize: (bytes) => method.responseType.decode(bytes),
          };
          return [method.name, definition];
        }),
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
  const names = services.map((service) => service.fullName);
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
