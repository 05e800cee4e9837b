import { type MethodCodecs, type OpenApiDocument, openApiDocument, openApiServices } from '@cs/contracts';
import { connectCodeOf, methodMessages, richErrorDetails, strictJsonViolations, toProto3Json } from '@cs/grpc';
import { Client, credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { type GeneratedService, unaryRoutesOf } from './generated-service.js';

export interface GatewayReply {
  status: number;
  body: unknown;
}

/**
 * HTTP/JSON in front of the service's own gRPC server, in the Connect protocol's unary shape:
 * POST /<package>.<Service>/<Method> with the proto3 JSON of the request. Forwarding over
 * loopback gRPC means both protocols run the very same handler, filters and error mapping.
 */
export class GrpcGateway {
  private readonly client: Client;
  /** Full names of the gRPC services this process serves. */
  private readonly services: string[];
  private readonly routes: Map<string, Map<string, MethodCodecs>>;

  constructor(
    grpcAddress: string,
    services: GeneratedService[],
    maxRequestBytes: number,
    private readonly deadlineMs = 30_000,
  ) {
    this.services = services.map((service) => service.fullName);
    this.routes = unaryRoutesOf(services);
    this.client = new Client(grpcAddress, credentials.createInsecure(), {
      'grpc.max_send_message_length': maxRequestBytes,
    });
  }

  /** Whether POST /<service>/<method> is one of this process's unary RPCs. */
  serves(service: string, method: string): boolean {
    return this.routes.get(service)?.has(method) ?? false;
  }

  async call(
    service: string,
    method: string,
    body: unknown,
    headers: Record<string, string | string[] | undefined>,
  ): Promise<GatewayReply> {
    const codecs = this.codecsOf(service, method);
    const messages = methodMessages(service, method);
    if (!codecs || !messages)
      return connectError(404, 'not_found', `no method ${service}/${method}; see /openapi.json`);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return connectError(
        400,
        'invalid_argument',
        'request body must be a JSON object (the proto3 JSON of the request message)',
      );
    }
    // Strictly first: ts-proto's fromJSON would coerce a wrong type into something storable.
    const fieldViolations = strictJsonViolations(messages.input, body);
    if (fieldViolations.length) {
      const message = fieldViolations.map((v) => `${v.field}: ${v.description}`).join('; ');
      return { status: 400, body: { code: 'invalid_argument', message, fieldViolations } };
    }
    let bytes: Buffer;
    try {
      bytes = Buffer.from(codecs.request.encode(codecs.request.fromJSON(body) as never).finish());
    } catch (error) {
      return connectError(400, 'invalid_argument', `request body: ${(error as Error).message}`);
    }
    const metadata = new Metadata();
    for (const name of ['authorization', 'x-cs-on-behalf-of', 'idempotency-key', 'x-request-id']) {
      const value = headers[name];
      if (typeof value === 'string') metadata.set(name, value);
    }
    return new Promise((resolve) => {
      this.client.makeUnaryRequest(
        `/${service}/${method}`,
        (encoded: Buffer) => encoded,
        (reply: Buffer) => codecs.response.decode(reply),
        bytes,
        metadata,
        { deadline: new Date(Date.now() + this.deadlineMs) },
        (error: ServiceError | null, response?: unknown) => {
          if (error) {
            const { name, httpStatus } = connectCodeOf(error.code);
            const { fieldViolations, reason } = richErrorDetails(error.metadata);
            resolve({
              status: httpStatus,
              body: {
                code: name,
                message: error.details,
                ...(fieldViolations.length ? { fieldViolations } : {}),
                ...(reason ? { reason } : {}),
              },
            });
          } else {
            resolve({ status: 200, body: toProto3Json(messages.output, codecs.response.toJSON(response as never)) });
          }
        },
      );
    });
  }

  /** The service's OpenAPI document, without the RPCs of gRPC services this process does not serve. */
  openApi(): OpenApiDocument | undefined {
    const name = Object.keys(openApiServices).find((n) =>
      this.services.some((s) => !s.startsWith('cs.audit.') && openApiServices[n]?.includes(s)),
    );
    if (!name) return undefined;
    const document = openApiDocument(name);
    const served = (path: string) => {
      const service = /^\/(cs\.[^/]+)\/[^/]+$/.exec(path)?.[1];
      return service === undefined || this.services.includes(service);
    };
    const tags = document.tags as { 'x-cs-grpc-service'?: string }[];
    return {
      ...document,
      tags: tags.filter((tag) => !tag['x-cs-grpc-service'] || this.services.includes(tag['x-cs-grpc-service'])),
      paths: Object.fromEntries(Object.entries(document.paths).filter(([path]) => served(path))),
      'x-cs-grpc-services': document['x-cs-grpc-services'].filter((s) => this.services.includes(s)),
    };
  }

  close(): void {
    this.client.close();
  }

  private codecsOf(service: string, method: string): MethodCodecs | undefined {
    return this.routes.get(service)?.get(method);
  }
}

function connectError(status: number, code: string, message: string): GatewayReply {
  const fieldViolations = code === 'invalid_argument' ? [{ field: '(body)', description: message }] : undefined;
  return { status, body: { code, message, ...(fieldViolations ? { fieldViolations } : {}) } };
}
