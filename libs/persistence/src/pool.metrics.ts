import { observableGauge } from '@cs/telemetry';
import type pg from 'pg';

/** The open pools of this process by name (their application_name: cs-orm, cs-outbox-relay, ...). */
const pools = new Map<pg.Pool, string>();

/**
 * Connections of each pool: `total` open, `idle` among them, and callers `waiting` for one. Waiting
 * callers with total at the pool's max mean the pool, not the database, is the bottleneck.
 */
observableGauge(
  'cs_db_pool_connections',
  'Connections of the PostgreSQL pools: total open, idle, and callers waiting for one',
  (gauge) => {
    gauge.reset();
    const sums = new Map<string, { total: number; idle: number; waiting: number }>();
    for (const [pool, name] of pools) {
      // An ended pool is forgotten here, so closing one needs no unregistering.
      if (pool.ended) {
        pools.delete(pool);
        continue;
      }
      const sum = sums.get(name) ?? { total: 0, idle: 0, waiting: 0 };
      sum.total += pool.totalCount;
      sum.idle += pool.idleCount;
      sum.waiting += pool.waitingCount;
      sums.set(name, sum);
    }
    for (const [name, sum] of sums) {
      for (const [state, value] of Object.entries(sum)) gauge.set({ pool: name, state }, value);
    }
  },
  ['pool', 'state'],
);

/** Reports `pool` in cs_db_pool_connections until it ends. */
export function observePool(pool: pg.Pool, name: string): void {
  pools.set(pool, name);
}
