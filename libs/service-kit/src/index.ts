export { freePort } from './free-port.js';
export { GrpcGateway } from './gateway.js';
export type { HttpResponse } from './http-response.js';
export { PlatformModule, type PlatformRuntime } from './platform.module.js';
export { runService } from './run-service.js';
export { platformServices, type ServiceSpec } from './service-spec.js';
export { type RunningService, type StartOptions, startService } from './start-service.js';
export { CONFIG, LOGGER, NATS, SERVICE_TOKEN } from './tokens.js';
