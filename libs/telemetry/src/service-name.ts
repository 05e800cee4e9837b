/**
 * The service's name on its spans: SERVICE_NAME or OTEL_SERVICE_NAME when set (Kubernetes sets
 * both), else read off the entry point `services/<name>/dist/main.bundle.js`, so `npm start` and compose
 * (which set neither) still tell the services apart. Telemetry starts before the service's config
 * could supply its default.
 */
export function serviceNameOf(env: NodeJS.ProcessEnv, entryPoint: string | undefined): string | undefined {
  const named = env.SERVICE_NAME || env.OTEL_SERVICE_NAME;
  if (named) return named;
  return /(?:^|[\\/])services[\\/]([a-z][a-z0-9-]*)[\\/]dist[\\/]main(?:\.bundle)?\.js$/.exec(entryPoint ?? '')?.[1];
}

/** OTEL_BSP_SCHEDULE_DELAY (ms between batch exports), which this SDK's BatchSpanProcessor does not read itself. */
export function batchDelayOf(env: NodeJS.ProcessEnv): number | undefined {
  const delay = Number(env.OTEL_BSP_SCHEDULE_DELAY);
  return env.OTEL_BSP_SCHEDULE_DELAY && Number.isInteger(delay) && delay > 0 ? delay : undefined;
}
