import { ConcurrentEdit } from '@cs/errors';
import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { guardedWrite, type Statement, type TableRows } from './command-statements.js';
import { deferBegins } from './deferred-begin.js';
import { discardSessionsTheServerEnds } from './ended-session.guard.js';
import { answer, fingerprintOf, type StoredOutcome, storedOutcomeOf } from './idempotency.js';
import { inOneWrite } from './one-write.js';
import { signalOutboxCommits } from './outbox-commits.js';
import { observePool } from './pool.metrics.js';
import { DEFAULT_POOL_SETTINGS, type ResilientPoolOptions } from './pool-settings.js';
import { sealOutcome, storedFingerprintOf, storedKeyOf } from './sealed-outcome.js';
import { uniqueViolationOutcome } from './unique-violation.js';

/** What a lean command decided from its reads: its writes (see guardedWrite) and its outcome. */
export interface CommandDecision<T> {
  /** A versioned update: when it matches no row a concurrent writer won, and the command runs again. */
  guard?: Statement;
  inserts: TableRows[];
  outcome: StoredOutcome<T>;
}

/**
 * A hot command on the lean path: the reads it needs, sent in the first round trip, and the
 * decision taken on their rows by the service's domain code (which may throw a refusal).
 */
export interface LeanCommand<T> {
  reads: Statement[];
  /** The decision, or another round: statements whose rows the next step needs (say, a conditional update). */
  decide(rows: Record<string, unknown>[][]): LeanStep<T> | Promise<LeanStep<T>>;
}
export type LeanStep<T> = CommandDecision<T> | LeanCommand<T>;

/** The idempotency key of a command and what it is bound to. */
interface KeyOf {
  operation: string;
  key: string;
  fingerprint: string;
}

/** application_name of the lean command pool's connections in pg_stat_activity. */
export const COMMAND_APPLICATION_NAME = 'cs-command';

/**
 * Session settings of the command pool. Its prepared statements (prepared(), below) run on the plan
 * PostgreSQL caches after five executions: planning the write statement afresh each time cost the
 * database more than running it. A cached plan is kept until the table's statistics change, so one
 * made while a table was small (a new service's idempotency keys, its first orders) would stay a
 * sequential scan as the table grew (~1.6 ms a look-up by the time autovacuum re-analyzed it);
 * with sequential scans priced out, a plan of a keyed statement is the index's whatever the table's
 * size. Every statement on this pool is a key look-up or a keyed write; a table without a fitting
 * index is still scanned, and the price put on that scan would make every such plan look dear
 * enough to JIT-compile (25–125 ms a statement), so JIT is off: nothing here runs long enough for it.
 */
export const COMMAND_SESSION_OPTIONS = '-c enable_seqscan=off -c jit=off';

const LOCK = 'select pg_advisory_xact_lock(hashtext($1))';
const STORED = 'select key, fingerprint, outcome from idempotency_keys where operation = $1 and key in ($2, $3)';

/**
 * The same guarantees as runIdempotent + the ORM unit of work (one transaction; the idempotency key
 * locked, its first outcome replayed; a versioned update retried on conflict; the outcome stored
 * sealed with the writes), in two pipelined round trips instead of about ten:
 *   1. BEGIN, lock the key, read its stored outcome, the command's reads (each statement its own
 *      snapshot, so the reads see whatever committed before the lock was granted);
 *   2. one statement with every write, guarded by the version (guardedWrite), then COMMIT.
 * A guard that matched nothing committed nothing: the command runs again on fresh rows.
 */
export class CommandTransactions {
  constructor(readonly pool: pg.Pool) {}

  /**
   * Beside the ORM's pool, with its settings (URL, size, timeouts): its connections prepare the
   * commands' statements and keep their plans (COMMAND_SESSION_OPTIONS), which the ORM's do not.
   */
  static forOrm(orm: MikroORM, options: Pick<ResilientPoolOptions, 'onConnectionError'> = {}): CommandTransactions {
    const { onConnectionError = () => {} } = options;
    // The ORM's own hook (onPoolCreated) is for its pool; this one is observed under its own name below.
    const { onPoolCreated: _ormHook, ...driverOptions } = orm.config.get('driverOptions') as pg.PoolConfig & {
      onPoolCreated?: unknown;
    };
    const pool = new pg.Pool({
      ...driverOptions,
      connectionString: orm.config.get('clientUrl'),
      max: orm.config.get('pool')?.max ?? DEFAULT_POOL_SETTINGS.max,
      application_name: COMMAND_APPLICATION_NAME,
      options: COMMAND_SESSION_OPTIONS,
      pipeline: true,
    });
    deferBegins(pool);
    signalOutboxCommits(pool);
    pool.on('connect', (client) => client.on('error', onConnectionError));
    pool.on('error', onConnectionError);
    discardSessionsTheServerEnds(pool);
    observePool(pool, COMMAND_APPLICATION_NAME);
    return new CommandTransactions(pool);
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  runIdempotent<T, R extends { idempotencyKey: string } = { idempotencyKey: string }>(
    operation: string,
    request: R,
    command: (attempt: number) => LeanCommand<T>,
    { attempts = 4 }: { attempts?: number } = {},
  ): Promise<T> {
    const key = { operation, key: request.idempotencyKey, fingerprint: fingerprintOf(request) };
    return this.retrying(attempts, (attempt) => this.once(command(attempt), key));
  }

  /** A command without an idempotency key (one whose own unique key makes a replay change nothing). */
  run<T>(command: (attempt: number) => LeanCommand<T>, { attempts = 4 }: { attempts?: number } = {}): Promise<T> {
    return this.retrying(attempts, (attempt) => this.once(command(attempt)));
  }

  /** As transactionWithRetry: a lost version race, a deadlock or a racing insert runs the command again. */
  private async retrying<T>(
    attempts: number,
    attemptOnce: (attempt: number) => Promise<StoredOutcome<T> | undefined>,
  ): Promise<T> {
    const violated: string[] = [];
    for (let attempt = 1; ; attempt++) {
      let conflict: string;
      try {
        const outcome = await attemptOnce(attempt);
        if (outcome) return answer(outcome);
        conflict = 'the version it read moved on before its update';
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === '23505') {
          const constraint = (error as { constraint?: string }).constraint ?? '(unnamed)';
          const verdict = uniqueViolationOutcome(constraint, violated);
          if (!verdict.retry) throw verdict.error;
          violated.push(constraint);
        } else if (code !== '40P01' && code !== '40001') throw error;
        conflict = (error as Error).message;
      }
      if (attempt >= attempts) throw new ConcurrentEdit(`gave up after ${attempts} concurrent edits: ${conflict}`);
    }
  }

  /** One attempt; undefined when its guard matched nothing (nothing was written). */
  private async once<T>(command: LeanCommand<T>, idempotency?: KeyOf): Promise<StoredOutcome<T> | undefined> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    let ended = false;
    // Each round trip in one socket write.
    const roundTrip = (statements: Statement[]) =>
      settled(inOneWrite(client, () => statements.map((s) => client.query(s))));
    try {
      // On the command pool (deferBegins) this answers at once and BEGIN leaves with the first round
      // trip, so a command with nothing to read (and no key) is one round trip in all.
      await client.query('begin');
      const keyReads: Statement[] = idempotency
        ? [
            prepared({ text: LOCK, values: [`${idempotency.operation}:${idempotency.key}`] }),
            prepared({ text: STORED, values: [idempotency.operation, storedKeyOf(idempotency.key), idempotency.key] }),
          ]
        : [];
      const first = [...keyReads, ...command.reads];
      const results = first.length ? await roundTrip(first) : [];
      if (idempotency) {
        const [, stored] = results.splice(0, 2);
        const { operation, key, fingerprint } = idempotency;
        const earlier = storedOutcomeOf<T>(stored!.rows, operation, key, fingerprint);
        if (earlier) {
          ended = true;
          await client.query('rollback');
          return earlier;
        }
      }
      let step = await command.decide(results.map((r) => r.rows));
      while ('reads' in step) {
        const more = await roundTrip(step.reads);
        step = await step.decide(more.map((r) => r.rows));
      }
      const decision = step;
      const inserts = idempotency ? [...decision.inserts, outcomeRow(idempotency, decision.outcome)] : decision.inserts;
      const write = guardedWrite(decision.guard, inserts);
      const written = roundTrip([prepared(write), { text: 'commit' }]);
      ended = true; // from here on the COMMIT ends the transaction, or turns into its ROLLBACK
      const [result] = await written;
      return result!.rows[0]!.guarded > 0 ? decision.outcome : undefined;
    } catch (error) {
      if (!ended) await client.query('rollback').catch((e: Error) => (broken = e));
      // The connection lost (no answer, or the server ended the session): the pool must not hand it out again.
      else if (ended && ['FATAL', 'PANIC', undefined].includes((error as { severity?: string }).severity))
        broken = error as Error;
      throw error;
    } finally {
      client.release(broken);
    }
  }
}

/** The idempotency_keys row of a first outcome: key and fingerprint hashed, the outcome sealed. */
function outcomeRow({ operation, key, fingerprint }: KeyOf, outcome: StoredOutcome<unknown>): TableRows {
  return {
    table: 'idempotency_keys',
    rows: [
      {
        operation,
        key: storedKeyOf(key),
        fingerprint: storedFingerprintOf(fingerprint),
        outcome: sealOutcome(operation, key, fingerprint, outcome),
      },
    ],
  };
}

/** Names given to statements prepared on the command pool's connections, by their text. */
const preparedNames = new Map<string, string>();
/** A bound on the names: a command whose statements vary without end must not grow every connection. */
const MAX_PREPARED = 256;

/**
 * The statement as a named one: each connection parses it once and then binds and runs it, on the
 * plan it caches (COMMAND_SESSION_OPTIONS). Only for statements whose result columns cannot
 * change with the schema (the key's lock and look-up, the guarded write's count): a prepared
 * `select *` fails once a migration adds a column.
 */
function prepared(statement: Statement): Statement & { name?: string } {
  let name = preparedNames.get(statement.text);
  if (!name && preparedNames.size < MAX_PREPARED) {
    name = `cs_command_${preparedNames.size + 1}`;
    preparedNames.set(statement.text, name);
  }
  return name ? { ...statement, name } : statement;
}

/**
 * Waits for every pipelined query (none is left with an unhandled rejection), then throws the first
 * failure: the statements behind a failed one fail only because the transaction is aborted.
 */
async function settled(queries: Promise<pg.QueryResult>[]): Promise<pg.QueryResult[]> {
  const results = await Promise.allSettled(queries);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<pg.QueryResult>).value);
}
