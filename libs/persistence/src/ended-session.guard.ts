import type pg from 'pg';

interface ServerError {
  severity?: string;
  code?: string;
}

/** The server ends the session after this error: FATAL/PANIC, admin or crash shutdown, a connection exception. */
function endsSession(error: ServerError): boolean {
  return (
    error.severity === 'FATAL' ||
    error.severity === 'PANIC' ||
    (error.code?.startsWith('57P') ?? false) ||
    (error.code?.startsWith('08') ?? false)
  );
}

/**
 * When the server answers a statement with an error that ends its session (pg_terminate_backend
 * during a COMMIT, a shutdown), node-postgres rejects that statement but keeps the client queryable
 * until the socket's close is read. Released in between, the client went back to the pool idle, and
 * the next BEGIN on it failed with ECONNRESET. Marked unqueryable at once, the pool discards it on release.
 */
export function discardSessionsTheServerEnds(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const connection = (client as unknown as { connection: NodeJS.EventEmitter }).connection;
    connection.on('errorMessage', (error: ServerError) => {
      if (endsSession(error)) (client as unknown as { _queryable: boolean })._queryable = false;
    });
  });
}
