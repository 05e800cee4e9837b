import type pg from 'pg';

/**
 * Sends the queries queued by `send` in one socket write: pg writes each query by itself, and on a
 * machine where a system call is dear the writes of a round trip cost more than its statements.
 * (A pipelining client sends a query as client.query() is called, so the cork spans them all.)
 */
export function inOneWrite<R>(client: pg.Client, send: () => R): R {
  const stream = (client as unknown as { connection?: { stream?: { cork?(): void; uncork?(): void } } }).connection
    ?.stream;
  stream?.cork?.();
  try {
    return send();
  } finally {
    stream?.uncork?.();
  }
}
