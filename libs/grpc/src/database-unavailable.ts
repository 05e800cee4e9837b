/** The message a caller gets when the database was lost under its request. */
export const DATABASE_UNAVAILABLE = 'database unavailable, retry later';

/**
 * SQLSTATEs meaning the connection or the server went away, or the server cannot take the work
 * right now: class 08 (connection exception), admin/crash shutdown, starting up, too many
 * connections, a session ended for idling in a transaction or a statement over statement_timeout.
 */
const unavailableSqlStates = /^(08...|57P0[1235]|25P03|53300|57014)$/;

/** Socket-level failures reaching or talking to the server. */
const unavailableErrnos = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * What pg, pg-pool and Kysely (MikroORM 7's query layer; it uses no knex/tarn) say when the
 * connection is gone or none could be had in time: these errors carry no code.
 */
const unavailableMessages = [
  /^Connection terminated/, // pg: "… unexpectedly", "… due to connection timeout"; @cs/persistence's driver
  /^timeout exceeded when trying to connect/, // pg-pool: no free connection within connectionTimeoutMillis
  /is not queryable/, // pg: a client whose connection failed or was closed
  /^Cannot use a pool after calling end on the pool/,
  /^driver has already been destroyed/, // Kysely, after the ORM was closed
];

/**
 * Whether a failure means the database could not be used (connection lost, refused, pool
 * exhausted past its acquire timeout, server shutting down): the request did not get a decision
 * from the database and may be retried. Looks through `cause` and AggregateError's `errors`, and
 * through MikroORM's DriverException, which copies the driver error's code and message.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const { code, message, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && (unavailableSqlStates.test(code) || unavailableErrnos.has(code))) return true;
  if (typeof message === 'string' && unavailableMessages.some((pattern) => pattern.test(message))) return true;
  if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return cause !== undefined && isDatabaseUnavailable(cause, depth + 1);
}
