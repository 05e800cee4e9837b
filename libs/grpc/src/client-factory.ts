import {
  type CallOptions,
  type ChannelOptions,
  type Client,
  credentials,
  InterceptingCall,
  type Interceptor,
  Metadata,
  makeGenericClientConstructor,
  type ServiceDefinition,
  type ServiceError,
} from '@grpc/grpc-js';

export interface GrpcClientOptions {
  /** Applied to every call that sets no deadline of its own. */
  defaultDeadlineMs?: number;
  channelOptions?: ChannelOptions;
  /** This caller's bearer token, fetched (and cached by the source) before each call. */
  bearer?: () => Promise<string>;
}

export interface CallSettings {
  metadata?: Record<string, string>;
  deadlineMs?: number;
}

/** The unary methods of a ts-proto grpc-js service definition, as promises. */
export type PromiseClient<D> = {
  [K in keyof D]: D[K] extends {
    requestSerialize: (value: infer Req) => Buffer;
    responseDeserialize: (bytes: Buffer) => infer Res;
  }
    ? (request: Req, settings?: CallSettings) => Promise<Res>
    : never;
} & { close(): void; raw: Client };

/** Every outgoing call gets a deadline: a slow peer must not hold a request forever. */
export function deadlineInterceptor(deadlineMs: number): Interceptor {
  return (options, nextCall) => {
    const deadline = options.deadline ?? new Date(Date.now() + deadlineMs);
    return new InterceptingCall(nextCall({ ...options, deadline }));
  };
}

/** A client for a ts-proto grpc-js service definition: `createGrpcClient(OrdersServiceService, 'orders:50052')`. */
export function createGrpcClient<D extends ServiceDefinition>(
  definition: D,
  address: string,
  { defaultDeadlineMs = 5_000, channelOptions = {}, bearer }: GrpcClientOptions = {},
): PromiseClient<D> {
  const Constructor = makeGenericClientConstructor(definition, '');
  const client = new Constructor(address, credentials.createInsecure(), {
    ...channelOptions,
    interceptors: [deadlineInterceptor(defaultDeadlineMs)],
  });
  const methods: Record<string, unknown> = { close: () => client.close(), raw: client };
  for (const name of Object.keys(definition)) {
    const call = (client as unknown as Record<string, (...args: unknown[]) => void>)[name]!.bind(client);
    methods[name] = async (request: unknown, settings: CallSettings = {}) => {
      const token = bearer ? await bearer() : undefined;
      return new Promise((resolve, reject) => {
        const metadata = new Metadata();
        if (token) metadata.set('authorization', `Bearer ${token}`);
        for (const [key, value] of Object.entries(settings.metadata ?? {})) metadata.set(key, value);
        const options: CallOptions = settings.deadlineMs
          ? { deadline: new Date(Date.now() + settings.deadlineMs) }
          : {};
        call(request, metadata, options, (error: ServiceError | null, response: unknown) =>
          error ? reject(error) : resolve(response),
        );
      });
    };
  }
  return methods as PromiseClient<D>;
}
