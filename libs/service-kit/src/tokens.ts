/** Injection tokens of the shared runtime; MikroORM itself is injected by its class. */
export const CONFIG = Symbol('cs.config');
export const LOGGER = Symbol('cs.logger');
export const NATS = Symbol('cs.nats');
export const READINESS = Symbol('cs.readiness');
