import type pg from 'pg';
import { inOneWrite } from './one-write.js';

/** A statement that opens a transaction, and one that ends it (COMMIT or ROLLBACK, not to a savepoint). */
export const BEGIN = /^\s*(begin|start\s+transaction)\b/i;
export const END = /^\s*(commit|rollback)\s*;?\s*$/i;

type QueryFn = (...args: unknown[]) => unknown;

/**
 * Makes the pool's clients send a transaction's BEGIN with its first statement, in one socket
 * write and one round trip, instead of a round trip of its own: the ORM awaits BEGIN before it
 * sends anything else, and on this kind of machine a write to PostgreSQL and the wake-up it causes
 * cost more than most statements. The pool must pipeline (pg's `pipeline: true`), or pg would hold
 * the statement back until BEGIN's answer came.
 *
 * BEGIN is answered at once; if PostgreSQL refuses it, the statement sent with it fails with that
 * error and the session is given up (the pool discards it), so nothing more runs outside the
 * transaction its holder believes it is in. (A BEGIN fails only on a session that is gone, which
 * takes the statement with it.) A BEGIN followed straight by COMMIT or ROLLBACK sends neither: the
 * transaction did nothing.
 */
export function deferBegins(pool: pg.Pool): void {
  const forget = new WeakMap<pg.Client, () => void>();
  pool.on('connect', (client) => forget.set(client, deferBegin(client)));
  // A BEGIN never followed by a statement started nothing; the next checkout must not inherit it.
  pool.on('release', (_error: Error | undefined, client: pg.Client) => forget.get(client)?.());
}

/** Defers this client's BEGINs (see deferBegins); returns what forgets a BEGIN still held. */
export function deferBegin(client: pg.Client): () => void {
  const send = client.query.bind(client) as QueryFn;
  let pendingBegin: string | undefined;
  const deferring = (...args: unknown[]): unknown => {
    const [text, values, callback] = args;
    const promised = typeof values !== 'function' && callback === undefined && !reportsItself(text);
    const noValues = values === undefined || (Array.isArray(values) && values.length === 0);
    if (typeof text === 'string' && promised && noValues && pendingBegin === undefined && BEGIN.test(text)) {
      pendingBegin = text;
      return Promise.resolve(answered('BEGIN'));
    }
    if (pendingBegin === undefined) return send(...args);
    const begin = pendingBegin;
    pendingBegin = undefined;
    if (typeof text === 'string' && promised && noValues && END.test(text))
      return Promise.resolve(answered(text.trim().toUpperCase()));
    const [began, result] = inOneWrite(client, () => [send(begin) as Promise<unknown>, send(...args)]);
    const refused = began.then(
      () => undefined,
      (error: unknown) => {
        giveUp(client);
        return error;
      },
    );
    // A callback or a query object reports its own result; the session is given up all the same.
    if (!promised) return result;
    return refused.then((error) => {
      if (error === undefined) return result;
      (result as Promise<unknown>).catch(() => {});
      throw error;
    });
  };
  client.query = deferring as typeof client.query;
  return () => {
    pendingBegin = undefined;
  };
}

/** A query object with a callback of its own, or a submittable (a cursor): pg returns no promise for it. */
function reportsItself(query: unknown): boolean {
  if (typeof query !== 'object' || query === null) return false;
  const { callback, submit } = query as { callback?: unknown; submit?: unknown };
  return typeof callback === 'function' || typeof submit === 'function';
}

/** Every later query on the client fails at once, and the pool discards it when it comes back. */
function giveUp(client: pg.Client): void {
  (client as unknown as { _queryable: boolean })._queryable = false;
}

/** What pg resolves a statement without rows to. */
function answered(command: string): pg.QueryResult {
  return { command, rowCount: null, oid: 0, rows: [], fields: [] } as unknown as pg.QueryResult;
}
