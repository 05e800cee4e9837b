import { DomainError } from '@cs/errors';
import { connectCodeOf, DATABASE_UNAVAILABLE, isDatabaseUnavailable, richErrorDetails, toGrpcError } from '@cs/grpc';
import { status } from '@grpc/grpc-js';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { HttpResponse as Response } from './http-response.js';

const codeByHttpStatus: Record<number, number> = {
  400: status.INVALID_ARGUMENT,
  404: status.NOT_FOUND,
  413: status.RESOURCE_EXHAUSTED,
  415: status.INVALID_ARGUMENT,
};

/**
 * Errors of plain HTTP routes (malformed JSON, unknown route, a domain error thrown by a
 * non-gateway controller such as a CSV export) in the same Connect error shape the gateway uses.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(private readonly onUnexpected: (error: unknown) => void = () => {}) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof DomainError) {
      const grpcError = toGrpcError(error);
      const { name, httpStatus } = connectCodeOf(grpcError.code);
      const { fieldViolations, reason } = richErrorDetails(grpcError.metadata);
      response.status(httpStatus).json({
        code: name,
        message: error.message,
        ...(fieldViolations.length ? { fieldViolations } : {}),
        ...(reason ? { reason } : {}),
      });
      return;
    }
    if (error instanceof HttpException) {
      const httpStatus = error.getStatus();
      const { name } = connectCodeOf(codeByHttpStatus[httpStatus] ?? status.UNKNOWN);
      const malformedJson = error.cause instanceof SyntaxError || /JSON/.test(error.message);
      const message = malformedJson ? `request body is not valid JSON: ${error.message}` : error.message;
      // A body that cannot be read at all (bad JSON, bad UTF-8) is named as the field at fault.
      const fieldViolations = httpStatus === 400 ? [{ field: '(body)', description: message }] : undefined;
      response.status(httpStatus).json({ code: name, message, ...(fieldViolations ? { fieldViolations } : {}) });
      return;
    }
    if (isDatabaseUnavailable(error)) {
      // A lost database: retryable, like the gRPC side's UNAVAILABLE.
      response.status(503).json({ code: 'unavailable', message: DATABASE_UNAVAILABLE });
      return;
    }
    this.onUnexpected(error);
    response.status(500).json({ code: 'internal', message: 'internal error' });
  }
}
