import { InvalidArgument } from '@cs/errors';
import { ServerInterceptingCall, type ServerInterceptor } from '@grpc/grpc-js';
import { toGrpcError } from './error-status.js';
import { methodMessages } from './proto-registry.js';
import { wireViolation } from './strict-proto-binary.js';
import type { FieldViolation } from './strict-proto-json.js';

/** What a wrapped deserializer hands on instead of throwing, which grpc-js would answer INTERNAL. */
class MalformedRequest {
  constructor(readonly violation: FieldViolation) {}
}

interface MethodDefinition {
  requestDeserialize?: (bytes: Buffer) => unknown;
}

/**
 * Wraps the request deserializers of the gRPC server's package definition so bytes that are not a
 * valid request (garbage, truncated, wrong wire types, bad UTF-8) come out as a MalformedRequest;
 * `rejectMalformedRequests` then answers INVALID_ARGUMENT before any handler runs.
 */
export function strictRequestDeserializers(packageDefinition: Record<string, unknown>, services: string[]): void {
  for (const service of services) {
    const methods = packageDefinition[service] as Record<string, MethodDefinition> | undefined;
    for (const [name, definition] of Object.entries(methods ?? {})) {
      const messages = methodMessages(service, name);
      const decode = definition.requestDeserialize;
      if (!messages || !decode) continue;
      definition.requestDeserialize = (bytes: Buffer) => {
        const violation = wireViolation(messages.input, bytes);
        if (violation) return new MalformedRequest(violation);
        try {
          return decode(bytes);
        } catch (error) {
          return new MalformedRequest({ field: '(message)', description: (error as Error).message });
        }
      };
    }
  }
}

/** A gRPC server interceptor: a MalformedRequest ends the call with INVALID_ARGUMENT naming the field. */
export const rejectMalformedRequests: ServerInterceptor = (_method, call) => {
  let rejected = false;
  return new ServerInterceptingCall(call, {
    start: (next) =>
      next({
        onReceiveMessage: (message, nextMessage) => {
          if (!(message instanceof MalformedRequest)) return nextMessage(message);
          rejected = true;
          const { code, details, metadata } = toGrpcError(new InvalidArgument([message.violation]));
          call.sendStatus({ code, details, metadata });
        },
        // The handler never saw a message: keep it from answering "no request message" as well.
        onReceiveHalfClose: (nextHalfClose) => {
          if (!rejected) nextHalfClose();
        },
      }),
  });
};
