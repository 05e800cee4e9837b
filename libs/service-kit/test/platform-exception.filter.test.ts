import { ConcurrentEdit, InvalidArgument, NotFound, RuleViolation } from '@cs/errors';
import { richErrorDetails } from '@cs/grpc';
import { type ServiceError, status } from '@grpc/grpc-js';
import type { ArgumentsHost } from '@nestjs/common';
import { firstValueFrom, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { PlatformExceptionFilter } from '../src/platform-exception.filter.js';

const filter = () => {
  const unexpected: unknown[] = [];
  return { filter: new PlatformExceptionFilter((e) => unexpected.push(e)), unexpected };
};

async function overGrpc(error: unknown): Promise<ServiceError> {
  const host = { getType: () => 'rpc' } as unknown as ArgumentsHost;
  const result = filter().filter.catch(error, host) as Observable<never>;
  return firstValueFrom(result).then(
    () => {
      throw new Error('expected the filter to answer with an error');
    },
    (e: ServiceError) => e,
  );
}

function overHttp(error: unknown) {
  const sent: { status?: number; body?: Record<string, unknown> } = {};
  const response = {
    status(code: number) {
      sent.status = code;
      return response;
    },
    json(body: Record<string, unknown>) {
      sent.body = body;
    },
  };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getResponse: () => response }),
  } as unknown as ArgumentsHost;
  const { filter: f, unexpected } = filter();
  expect(f.catch(error, host)).toBeUndefined();
  return { ...sent, unexpected };
}

describe('PlatformExceptionFilter: one domain error, the same meaning over gRPC and HTTP', () => {
  it.each([
    [new NotFound('order', 'TB1'), status.NOT_FOUND, 404, 'not_found'],
    [new ConcurrentEdit('order TB1 changed since you read it'), status.ABORTED, 409, 'aborted'],
    [
      new RuleViolation('order-desk.shipped', 'shipped orders cannot change'),
      status.FAILED_PRECONDITION,
      400,
      'failed_precondition',
    ],
  ])('%s', async (error, grpcCode, httpStatus, name) => {
    const grpc = await overGrpc(error);
    expect(grpc.code).toBe(grpcCode);
    const http = overHttp(error);
    expect({ status: http.status, code: http.body?.code, message: http.body?.message }).toEqual({
      status: httpStatus,
      code: name,
      message: error.message,
    });
    expect(http.unexpected).toEqual([]);
  });

  it('a rule violation names its rule on both; bad input names every field on both', async () => {
    const rule = new RuleViolation('order-desk.shipped', 'shipped');
    expect(richErrorDetails((await overGrpc(rule)).metadata).reason).toBe('order-desk.shipped');
    expect(overHttp(rule).body?.reason).toBe('order-desk.shipped');
    const bad = new InvalidArgument([
      { field: 'order_id', description: 'required' },
      { field: 'new_address.phone', description: 'not a phone number' },
    ]);
    const grpc = await overGrpc(bad);
    expect(grpc.code).toBe(status.INVALID_ARGUMENT);
    expect(richErrorDetails(grpc.metadata).fieldViolations.map((v) => v.field)).toEqual([
      'order_id',
      'new_address.phone',
    ]);
    const http = overHttp(bad);
    expect(http.status).toBe(400);
    expect(((http.body?.fieldViolations ?? []) as { field: string }[]).map((v) => v.field)).toEqual([
      'order_id',
      'new_address.phone',
    ]);
  });

  it('an unforeseen error is INTERNAL / 500 without its message, and reported once', async () => {
    const bug = new TypeError('cannot read properties of undefined');
    const { filter: f, unexpected } = filter();
    const rpcHost = { getType: () => 'rpc' } as unknown as ArgumentsHost;
    const grpc = await firstValueFrom(f.catch(bug, rpcHost) as Observable<never>).catch((e: ServiceError) => e);
    expect(grpc.code).toBe(status.INTERNAL);
    expect(grpc.details).not.toContain('undefined');
    expect(unexpected).toEqual([bug]);
    const http = overHttp(bug);
    expect({ status: http.status, body: http.body }).toEqual({
      status: 500,
      body: { code: 'internal', message: 'internal error' },
    });
    expect(http.unexpected).toEqual([bug]);
  });
});
