export {
  type CallSettings,
  createGrpcClient,
  deadlineInterceptor,
  type GrpcClientOptions,
  type PromiseClient,
} from './client-factory.js';
export { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from './database-unavailable.js';
export { type GrpcError, richErrorDetails, toGrpcError } from './error-status.js';
export { GrpcExceptionFilter } from './grpc-exception.filter.js';
export { HealthStatuses, ServingStatus } from './health.service.js';
export { addHealthAndReflection, setServing } from './health-and-reflection.js';
export { connectCodeOf } from './http-status.js';
export { withIdempotencyKey } from './idempotency-key.js';
export { rejectMalformedRequests, strictRequestDeserializers } from './malformed-request.js';
export { methodMessages, protoRegistry } from './proto-registry.js';
export { toProto3Json } from './proto3-json-output.js';
export { DescriptorReflection } from './reflection.service.js';
export { wireViolation } from './strict-proto-binary.js';
export { type FieldViolation, strictJsonViolations } from './strict-proto-json.js';
