/**
 * Packages the SDK's instrumentations patch. The ESM loader hook wraps only these, because wrapping
 * every module costs start-up time and breaks some packages. Kept free of imports so the hook can
 * be registered before any instrumentation code is loaded.
 *
 * Not `http`/`https`: through the hook, an app that imports `node:http` and also loads any CommonJS
 * package requiring `http` (prom-client, express, …) got its client calls wrapped twice, i.e. two
 * nested client spans per request. `register.ts` patches those built-ins through require() instead.
 */
export const instrumentedModules = ['@grpc/grpc-js', 'pg', 'pg-pool'];

/** Built-ins patched through require(), then mirrored into their ES module named exports. */
export const instrumentedBuiltins = ['http', 'https'];
