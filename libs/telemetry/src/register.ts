/**
 * Starts OpenTelemetry before the application is loaded:
 *   node --import @cs/telemetry/register dist/main.bundle.js
 *
 * Patching must happen before the patched modules are imported, hence a separate entry point
 * rather than a call in main.ts (whose static imports are evaluated first).
 */
import { createRequire, setSourceMapsSupport, syncBuiltinESMExports } from 'node:module';
import { isMainThread } from 'node:worker_threads';
import { instrumentedBuiltins, instrumentedModules } from './instrumented-modules.js';

// `--enable-source-maps` (the command line everywhere) would also read and keep the source maps of
// every package in node_modules, ~10 MiB of heap; stack traces need only our own code's.
if (process.sourceMapsEnabled) setSourceMapsSupport(true, { nodeModules: false, generatedCode: false });

if (isMainThread && process.env.OTEL_SDK_DISABLED !== 'true') {
  // ES modules (and CommonJS packages such as @grpc/grpc-js imported from ESM) bypass require(),
  // which is all require-in-the-middle sees, so import-in-the-middle's loader hook is needed for
  // them to be patched. Its synchronous, in-thread form: `module.register()` would run the hook in
  // a loader thread with its own V8 isolate (~30 MiB) and a round trip per module.
  const { register: registerImportHooks } = await import('import-in-the-middle/register-hooks.mjs');
  registerImportHooks({ include: instrumentedModules });
  const { startTelemetry } = await import('./telemetry-sdk.js');
  const { publishTelemetryShutdown } = await import('./shutdown.js');
  const telemetry = await startTelemetry();
  // Patch the built-ins now, before the application imports them: require() lets
  // require-in-the-middle patch the shared CommonJS object (what `import http from 'node:http'`
  // gets), and syncBuiltinESMExports() refreshes named imports such as `import { request }`.
  const require = createRequire(import.meta.url);
  for (const builtin of instrumentedBuiltins) require(builtin);
  syncBuiltinESMExports();

  let stopping: Promise<void> | undefined;
  const shutdown = () => {
    stopping ??= telemetry.shutdown().catch((error: unknown) => {
      process.stderr.write(`telemetry shutdown failed: ${String(error)}\n`);
    });
    return stopping;
  };
  publishTelemetryShutdown(shutdown);

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    // `once`, and re-raising only when nobody else listens: a signal listener cancels Node's default
    // "exit on signal", so this must neither keep the process alive nor race the application's own
    // graceful shutdown (Nest re-raises the signal itself after closing).
    process.once(signal, () => {
      if (process.listenerCount(signal) > 0) {
        void telemetry.forceFlush();
        return;
      }
      void shutdown().finally(() => process.kill(process.pid, signal));
    });
  }
}
