export {
  type CallSettings,
  createGrpcClient,
  deadlineInterceptor,
  type GrpcClientOptions,
  type PromiseClient,
} from './client-factory.js';
export { type GrpcError, richErrorDetails, toGrpcError } from './error-status.js';
export { GrpcExceptionFilter } from './grpc-exception.filter.js';
export { addHealthAndReflection, setServing } from './health-and-reflection.js';
export { connectCodeOf } from './http-status.js';
export { withIdempotencyKey } from './idempotency-key.js';
export { DescriptorReflection } from './reflection.service.js';
