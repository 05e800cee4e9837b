import { ConcurrentEdit, InvalidArgument } from '@cs/errors';
import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from '../src/database-unavailable.js';
import { toGrpcError } from '../src/error-status.js';
import { connectCodeOf } from '../src/http-status.js';

/** An error shaped like pg's DatabaseError (or MikroORM's DriverException, which copies code and message). */
const sqlError = (code: string, message = 'server said no') => Object.assign(new Error(message), { code });
const errnoError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });

describe('a lost database is UNAVAILABLE (HTTP 503), retryable', () => {
  const lost: [string, unknown][] = [
    [
      '57P01 admin_shutdown (pg_terminate_backend)',
      sqlError('57P01', 'terminating connection due to administrator command'),
    ],
    ['57P02 crash_shutdown', sqlError('57P02')],
    ['57P03 cannot_connect_now (server starting)', sqlError('57P03', 'the database system is starting up')],
    ['08006 connection_failure', sqlError('08006')],
    ['08003 connection_does_not_exist', sqlError('08003')],
    ['25P03 idle_in_transaction_session_timeout', sqlError('25P03')],
    ['53300 too_many_connections', sqlError('53300')],
    ['57014 statement_timeout', sqlError('57014', 'canceling statement due to statement timeout')],
    ['ECONNREFUSED (server down)', errnoError('ECONNREFUSED')],
    ['ECONNRESET', errnoError('ECONNRESET')],
    ['pg: Connection terminated unexpectedly', new Error('Connection terminated unexpectedly')],
    [
      'pg: Connection terminated due to connection timeout',
      new Error('Connection terminated due to connection timeout'),
    ],
    ['pg: a client that is not queryable', new Error('Client has encountered a connection error and is not queryable')],
    ['pg-pool acquire timeout', new Error('timeout exceeded when trying to connect')],
    ['Kysely after close', new Error('driver has already been destroyed')],
    ['in a cause', new Error('query failed', { cause: errnoError('ECONNREFUSED') })],
    [
      'in an AggregateError (every address refused)',
      new AggregateError([errnoError('ECONNREFUSED')], 'connect failed'),
    ],
  ];
  it.each(lost)('%s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
    const grpc = toGrpcError(error);
    expect(grpc.code).toBe(status.UNAVAILABLE);
    expect(grpc.details).toBe(DATABASE_UNAVAILABLE);
    expect(connectCodeOf(grpc.code)).toEqual({ name: 'unavailable', httpStatus: 503 });
  });
});

describe('everything else keeps its mapping', () => {
  const others: [string, unknown, status][] = [
    ['a unique violation', sqlError('23505', 'duplicate key value violates unique constraint'), status.INTERNAL],
    ['a syntax error', sqlError('42601'), status.INTERNAL],
    ['a serialization failure', sqlError('40001'), status.INTERNAL],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')"), status.INTERNAL],
    ['a thrown string', 'ECONNREFUSED', status.INTERNAL],
    ['a domain error whatever its text', new ConcurrentEdit('Connection terminated by another edit'), status.ABORTED],
    ['invalid input', InvalidArgument.field('order_id', 'is required'), status.INVALID_ARGUMENT],
  ];
  it.each(others)('%s', (_, error, code) => {
    expect(toGrpcError(error).code).toBe(code);
  });

  it('does not leak the driver message of an unexpected error', () => {
    expect(toGrpcError(sqlError('42P01', 'relation "secret_table" does not exist')).details).toBe('internal error');
  });

  it('stops looking after a few levels of causes (a cyclic cause does not hang)', () => {
    const a: Error & { cause?: unknown } = new Error('a');
    a.cause = a;
    expect(isDatabaseUnavailable(a)).toBe(false);
  });
});
