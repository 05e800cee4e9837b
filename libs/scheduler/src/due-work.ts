import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * One kind of due work, as a service states it: where the due items are (a table, its id column
 * and its due-time column, with an optional fixed condition that should match a partial index) and
 * what to do with one. The scheduler finds and claims them; the service never scans.
 */
export interface DueWork {
  /** For logs and tick figures, e.g. "complaint-step-overdue". */
  name: string;
  table: string;
  idColumn: string;
  dueColumn: string;
  /** A constant SQL condition ANDed to `due <= dueBy` (no parameters), e.g. "archived_at is null". */
  where?: string;
  /** Items due up to this instant are claimed; `now` unless work is due ahead of its time. */
  dueBy?(now: Date): Date;
  /**
   * Does the work for one claimed item, inside the claiming transaction (its own savepoint), the
   * row locked. It must leave the item no longer due — move or clear its due time, or change what
   * `where` tests — else the item is claimed again on the next tick. `afterCommit` takes what must
   * happen only once the item's work is committed (a metric, a notice outside the database): run
   * after the batch commits, dropped when the item's savepoint or the batch rolls back.
   */
  handle(em: EntityManager, id: string, now: Date, afterCommit: (effect: () => void) => void): Promise<void>;
}

/** What one tick did for one kind of work. */
export interface DueWorkTick {
  name: string;
  /** Rows the claim queries returned (the sweep's reads of the due table). */
  claimed: number;
  handled: number;
  failed: number;
  batches: number;
}
