/**
 * The SDK lives in `register.js`, loaded with `--import` apart from the application's module graph,
 * so it publishes its shutdown function on a global symbol for the application to call.
 */
const shutdownKey = Symbol.for('cs.telemetry.shutdown');

type Holder = { [shutdownKey]?: () => Promise<void> };

export function publishTelemetryShutdown(shutdown: () => Promise<void>): void {
  (globalThis as Holder)[shutdownKey] = shutdown;
}

/**
 * Flushes pending spans and stops the OpenTelemetry SDK started by `@cs/telemetry/register`; a no-op
 * when it was not started. Call it last in a graceful shutdown so spans of the final requests are
 * exported. Safe to call more than once.
 */
export async function shutdownTelemetry(): Promise<void> {
  await (globalThis as Holder)[shutdownKey]?.();
}
