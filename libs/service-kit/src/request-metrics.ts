import type { IncomingMessage, ServerResponse } from 'node:http';
import { toGrpcError } from '@cs/grpc';
import { counter, histogram } from '@cs/telemetry';
import { status } from '@grpc/grpc-js';
import {
  type ArgumentsHost,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { type Observable, tap } from 'rxjs';

/**
 * RED metrics of both transports. `method` is the gRPC path (`/cs.orders.v1.OrdersService/GetOrder`)
 * for gRPC and for the HTTP mirror of it, or the route pattern of other HTTP routes; `code` is the
 * gRPC status name or the HTTP status. The HTTP mirror forwards to the gRPC server, so one mirrored
 * call counts once per transport.
 */
const requests = counter('cs_requests_total', 'gRPC calls and HTTP requests answered, by method and code', [
  'transport',
  'method',
  'code',
]);
const duration = histogram(
  'cs_request_duration_seconds',
  'Time to answer a gRPC call or an HTTP request',
  ['transport', 'method'],
  [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
);

interface GrpcCall {
  getPath(): string;
}

function grpcPathOf(args: unknown[]): string | undefined {
  const call = args[2] as Partial<GrpcCall> | undefined;
  return typeof call?.getPath === 'function' ? call.getPath() : undefined;
}

/**
 * Times every gRPC call that reaches its handler and counts the successful ones. Failures are
 * counted by `countGrpcFailure` in the exception filter instead: it also sees the calls a guard
 * refused, which never reach an interceptor.
 */
@Injectable()
export class GrpcRequestMetricsInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const method = context.getType() === 'rpc' ? grpcPathOf(context.getArgs()) : undefined;
    // Event handlers are rpc too, but carry no gRPC call.
    if (method === undefined) return next.handle();
    const end = duration.startTimer({ transport: 'grpc', method });
    return next.handle().pipe(
      tap({
        complete: () => {
          end();
          requests.inc({ transport: 'grpc', method, code: status[status.OK] });
        },
        error: () => end(),
      }),
    );
  }
}

/** Counts a failed gRPC call with the status the exception filter will answer with. */
export function countGrpcFailure(error: unknown, host: ArgumentsHost): void {
  // A host without arguments (built by hand, not by Nest) carries no call to count.
  const method = grpcPathOf(host.getArgs?.() ?? []);
  if (method === undefined) return;
  requests.inc({ transport: 'grpc', method, code: status[toGrpcError(error).code] ?? 'UNKNOWN' });
}

type IsRpc = (service: string, method: string) => boolean;

/** Probes and scrapes would drown the figures that matter; they have their own alerts. */
const operationalPaths = new Set(['/healthz', '/readyz', '/metrics']);

/** A bounded label: known RPC paths as they are, other routes by pattern, anything else "unmatched". */
function httpMethodLabel(request: IncomingMessage, path: string, isRpc: IsRpc): string {
  const [, service, rpc] = path.split('/');
  if (request.method === 'POST' && service !== undefined && rpc !== undefined && isRpc(service, rpc)) return path;
  // Express sets `route` on the request it matched to a route.
  const route = (request as IncomingMessage & { route?: { path?: unknown } }).route;
  return typeof route?.path === 'string' ? route.path : 'unmatched';
}

/**
 * Express middleware: every HTTP request, whatever answered it (route, guard, filter, body parser).
 * `isRpc` says which paths are this process's RPCs (their path is a bounded label).
 */
export function httpRequestMetrics(isRpc: IsRpc) {
  return (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    const path = (request.url ?? '').split('?')[0] ?? '';
    if (!operationalPaths.has(path)) {
      const started = process.hrtime.bigint();
      response.once('finish', () => {
        const method = httpMethodLabel(request, path, isRpc);
        duration.observe({ transport: 'http', method }, Number(process.hrtime.bigint() - started) / 1e9);
        requests.inc({ transport: 'http', method, code: String(response.statusCode) });
      });
    }
    next();
  };
}
