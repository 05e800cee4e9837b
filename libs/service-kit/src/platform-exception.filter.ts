import { GrpcExceptionFilter } from '@cs/grpc';
import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { HttpErrorFilter } from './http-error.filter.js';
import { countGrpcFailure } from './request-metrics.js';

/**
 * One global filter for the HTTP app and the gRPC server it shares its config with: gRPC
 * errors get deliberate status codes, HTTP errors the Connect error shape.
 */
@Catch()
export class PlatformExceptionFilter implements ExceptionFilter {
  private readonly grpc: GrpcExceptionFilter;
  private readonly http: HttpErrorFilter;

  constructor(onUnexpected: (error: unknown) => void) {
    this.grpc = new GrpcExceptionFilter(onUnexpected);
    this.http = new HttpErrorFilter(onUnexpected);
  }

  catch(error: unknown, host: ArgumentsHost): Observable<never> | undefined {
    if (host.getType() === 'rpc') {
      countGrpcFailure(error, host);
      return this.grpc.catch(error);
    }
    this.http.catch(error, host);
    return undefined;
  }
}
