/** Injection tokens of the shared runtime; MikroORM itself is injected by its class. */
export const CONFIG = Symbol('cs.config');
export const LOGGER = Symbol('cs.logger');
export const NATS = Symbol('cs.nats');
export const READINESS = Symbol('cs.readiness');
/** The service's own ServiceTokenSource (client credentials), for its clients of other services. */
export const SERVICE_TOKEN = Symbol('cs.service-token');
