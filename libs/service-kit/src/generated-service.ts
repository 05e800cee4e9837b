import type { MethodCodecs } from '@cs/contracts';

/** A message type as ts-proto generates it: binary and proto3 JSON codecs. */
export interface MessageCodec {
  encode(message: never): { finish(): Uint8Array };
  decode(input: Uint8Array): unknown;
  fromJSON(object: unknown): unknown;
  toJSON(message: never): unknown;
}

/**
 * A gRPC service as ts-proto's `outputServices=generic-definitions` generates it (e.g.
 * OrdersServiceDefinition): its proto name and, per method, the message types. The one object a
 * service spec lists; the gRPC server's definition and the HTTP gateway's routes are derived from it,
 * so a service bundle carries the contracts of its own services only.
 */
export interface GeneratedService {
  fullName: string;
  methods: Record<
    string,
    {
      name: string;
      requestType: MessageCodec;
      responseType: MessageCodec;
      requestStream: boolean;
      responseStream: boolean;
    }
  >;
}

/** Unary methods by proto name, with the codecs the HTTP/JSON gateway converts with. */
export function unaryRoutesOf(services: GeneratedService[]): Map<string, Map<string, MethodCodecs>> {
  return new Map(
    services.map((service) => [
      service.fullName,
      new Map(
        Object.values(service.methods)
          .filter((method) => !method.requestStream && !method.responseStream)
          .map((method) => [method.name, { request: method.requestType, response: method.responseType }]),
      ),
    ]),
  );
}
