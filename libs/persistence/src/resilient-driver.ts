import type { Configuration } from '@mikro-orm/core';
import { PostgreSqlConnection, PostgreSqlDriver } from '@mikro-orm/postgresql';
import type {
  CompiledQuery,
  DatabaseConnection,
  Dialect,
  Driver,
  QueryCompiler,
  QueryResult,
  TransactionSettings,
} from 'kysely';

type AbortOptions = Parameters<DatabaseConnection['executeQuery']>[1];

/**
 * One checkout of a pooled connection. Kysely reuses one connection object per physical client,
 * so "already given back" has to be remembered per checkout, not per connection: otherwise a late
 * release could hand back a client another request has checked out since.
 */
class Checkout implements DatabaseConnection {
  released = false;

  constructor(readonly inner: DatabaseConnection) {
    if (inner.cancelQuery) this.cancelQuery = (provider) => inner.cancelQuery!(provider);
    if (inner.killSession) this.killSession = (provider) => inner.killSession!(provider);
    if (inner.collectSessionInfo) this.collectSessionInfo = () => inner.collectSessionInfo!();
  }

  cancelQuery?: DatabaseConnection['cancelQuery'];
  killSession?: DatabaseConnection['killSession'];
  collectSessionInfo?: DatabaseConnection['collectSessionInfo'];

  executeQuery<R>(query: CompiledQuery, options?: AbortOptions): Promise<QueryResult<R>> {
    if (this.released) return Promise.reject(discardedError());
    return this.inner.executeQuery<R>(query, options);
  }

  streamQuery<R>(query: CompiledQuery, chunkSize: number, options?: AbortOptions) {
    if (this.released) throw discardedError();
    return this.inner.streamQuery<R>(query, chunkSize, options);
  }
}

const discardedError = () =>
  new Error('Connection terminated: this transaction was ended by a failed BEGIN, COMMIT or ROLLBACK');

/**
 * Kysely (under MikroORM 7) gives a transaction's connection back to the pool only after its
 * COMMIT or ROLLBACK succeeded. When the connection is lost mid-transaction both fail, and the
 * pool slot is never returned: after `max` such losses every request waits forever for a
 * connection. This driver gives the connection back whenever BEGIN, COMMIT or ROLLBACK fails (a
 * dead client is then dropped by pg-pool, a live one is outside any transaction: PostgreSQL ends
 * a transaction whose COMMIT failed), and makes the ROLLBACK that follows a failed COMMIT a no-op.
 */
export class ReleasingDriver implements Driver {
  constructor(private readonly inner: Driver) {}

  init(options?: AbortOptions): Promise<void> {
    return this.inner.init(options);
  }

  async acquireConnection(options?: AbortOptions): Promise<DatabaseConnection> {
    return new Checkout(await this.inner.acquireConnection(options));
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.endingOnFailure(connection, (c) => this.inner.beginTransaction(c, settings));
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.endingOnFailure(connection, (c) => this.inner.commitTransaction(c));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if ((connection as Checkout).released) return;
    return this.endingOnFailure(connection, (c) => this.inner.rollbackTransaction(c));
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    await this.inner.savepoint!((connection as Checkout).inner, name, compile);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    await this.inner.rollbackToSavepoint!((connection as Checkout).inner, name, compile);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    await this.inner.releaseSavepoint!((connection as Checkout).inner, name, compile);
  }

  async releaseConnection(connection: DatabaseConnection, options?: AbortOptions): Promise<void> {
    const checkout = connection as Checkout;
    if (checkout.released) return;
    checkout.released = true;
    await this.inner.releaseConnection(checkout.inner, options);
  }

  destroy(options?: AbortOptions): Promise<void> {
    return this.inner.destroy(options);
  }

  private async endingOnFailure(connection: DatabaseConnection, run: (c: DatabaseConnection) => Promise<void>) {
    const checkout = connection as Checkout;
    try {
      await run(checkout.inner);
    } catch (error) {
      await this.releaseConnection(checkout).catch(() => {});
      throw error;
    }
  }
}

/** PostgreSQL's own connection, with its Kysely dialect's driver wrapped in ReleasingDriver. */
export class ReleasingPostgreSqlConnection extends PostgreSqlConnection {
  override createKyselyDialect(overrides: Parameters<PostgreSqlConnection['createKyselyDialect']>[0]) {
    const dialect = super.createKyselyDialect(overrides);
    const wrapped: Dialect = {
      createDriver: () => new ReleasingDriver(dialect.createDriver()),
      createQueryCompiler: () => dialect.createQueryCompiler(),
      createAdapter: () => dialect.createAdapter(),
      createIntrospector: (db) => dialect.createIntrospector(db),
    };
    return wrapped as ReturnType<PostgreSqlConnection['createKyselyDialect']>;
  }
}

/** The PostgreSQL driver every service's ORM uses (ormOptions sets it). */
export class ReleasingPostgreSqlDriver extends PostgreSqlDriver {
  constructor(config: Configuration) {
    super(config);
    const self = this as unknown as { connection: PostgreSqlConnection; replicas: PostgreSqlConnection[] };
    self.connection = new ReleasingPostgreSqlConnection(this.config);
    self.replicas = this.createReplicas((conf) => new ReleasingPostgreSqlConnection(this.config, conf, 'read'));
  }
}
