import {
  type ChannelOptions,
  type Client,
  credentials,
  InterceptingCall,
  type Interceptor,
  makeGenericClientConstructor,
  type ServiceDefinition,
} from '@grpc/grpc-js';

export interface GrpcClientOptions {
  /** Applied to every call that sets no deadline of its own. */
  defaultDeadlineMs?: number;
  channelOptions?: ChannelOptions;
}

/** Every outgoing call gets a deadline: a slow peer must not hold a request forever. */
export function deadlineInterceptor(deadlineMs: number): Interceptor {
  return (options, nextCall) => {
    const deadline = options.deadline ?? new Date(Date.now() + deadlineMs);
    return new InterceptingCall(nextCall({ ...options, deadline }));
  };
}

/** A client for a ts-proto grpc-js service definition, e.g. `createGrpcClient(OrdersServiceService, 'orders:50052')`. */
export function createGrpcClient<C extends Client>(
  definition: ServiceDefinition,
  address: string,
  { defaultDeadlineMs = 5_000, channelOptions = {} }: GrpcClientOptions = {},
): C {
  const Constructor = makeGenericClientConstructor(definition, '');
  return new Constructor(address, credentials.createInsecure(), {
    ...channelOptions,
    interceptors: [deadlineInterceptor(defaultDeadlineMs)],
  }) as unknown as C;
}
