import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Nest's exception layer turns a handler's error into a generic "Internal server error" before the
 * transport sees it. Handlers decorated with @OnEvent record the original error here, so the log,
 * the span and the dead letter's x-cs-error say what actually went wrong.
 */
export const handlerFailure = new AsyncLocalStorage<{ error?: unknown }>();
