import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';
import { toGrpcError } from './error-status.js';

/** Every error leaving a gRPC handler gets a deliberate status code, never UNKNOWN. */
@Catch()
export class GrpcExceptionFilter implements RpcExceptionFilter<unknown> {
  constructor(private readonly onUnexpected: (error: unknown) => void = () => {}) {}

  catch(error: unknown): Observable<never> {
    const grpcError = toGrpcError(error);
    if (grpcError.details === 'internal error') this.onUnexpected(error);
    return throwError(() => grpcError);
  }
}
