import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import type { Server as GrpcServer } from '@grpc/grpc-js';

/** Probes keep answering during the drain, so /readyz can say "shutting down" (503) with its reasons. */
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Stops an HTTP server under keep-alive load. Without it, server.close() waits for connections that
 * a busy client never lets go idle: every response after the drain starts carries
 * `Connection: close`, requests arriving on an old connection get 503 (retryable), idle
 * connections are closed, and what is still open at the bound is cut.
 */
export class HttpDrain {
  private draining = false;
  private readonly open = new Set<ServerResponse>();

  /** Install before any route: `app.use(drain.middleware)`. */
  readonly middleware = (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    if (this.draining) {
      response.setHeader('Connection', 'close');
      if (!PROBES.has((request.url ?? '').split('?')[0] ?? '')) {
        response.statusCode = 503;
        response.setHeader('Content-Type', 'application/json');
        response.setHeader('Retry-After', '1');
        response.end(JSON.stringify({ code: 'unavailable', message: 'shutting down; retry on another replica' }));
        return;
      }
    }
    this.open.add(response);
    response.once('close', () => this.open.delete(response));
    next();
  };

  /** Resolves 'drained' when every connection closed by itself, 'cut' when the bound cut the rest. */
  async drain(server: HttpServer, boundMs: number): Promise<'drained' | 'cut'> {
    this.draining = true;
    for (const response of this.open) if (!response.headersSent) response.setHeader('Connection', 'close');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    // A response whose headers went out before the drain leaves its connection idle, not closed.
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    try {
      const outcome = await Promise.race([closed.then(() => 'drained' as const), delay(boundMs, 'cut' as const)]);
      if (outcome === 'cut') {
        server.closeAllConnections();
        await closed;
      }
      return outcome;
    } finally {
      clearInterval(sweep);
    }
  }
}

/**
 * tryShutdown: no new calls (GOAWAY to every client), the calls in flight finish; forceShutdown
 * cancels what is left at the bound.
 */
export async function drainGrpc(server: GrpcServer, boundMs: number): Promise<'drained' | 'cut'> {
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    new Promise<'drained'>((resolve) => server.tryShutdown(() => resolve('drained'))),
    new Promise<'cut'>((resolve) => {
      timer = setTimeout(() => resolve('cut'), boundMs);
    }),
  ]);
  clearTimeout(timer);
  if (outcome === 'cut') server.forceShutdown();
  return outcome;
}

/** Waits for `work` at most boundMs; 'late' lets shutdown go on (what is left is redone after restart). */
export async function within(work: Promise<unknown>, boundMs: number): Promise<'done' | 'late'> {
  return Promise.race([work.then(() => 'done' as const), delay(boundMs, 'late' as const)]);
}

/** How SHUTDOWN_GRACE_MS is split between the phases; each phase may use less, never more. */
export function shutdownBudget(graceMs: number) {
  return {
    httpMs: Math.round(graceMs * 0.3),
    grpcMs: Math.round(graceMs * 0.2),
    consumersMs: Math.round(graceMs * 0.2),
    relayMs: Math.round(graceMs * 0.15),
    natsMs: Math.round(graceMs * 0.1),
  };
}

function delay<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), ms));
}
