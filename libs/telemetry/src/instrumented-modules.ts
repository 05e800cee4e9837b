/**
 * Modules the SDK's instrumentations patch. The ESM loader hook wraps only these, because wrapping
 * every module costs start-up time and breaks some packages. Kept free of imports so the hook can
 * be registered before any instrumentation code is loaded.
 */
export const instrumentedModules = ['http', 'https', '@grpc/grpc-js', 'pg', 'pg-pool'];
