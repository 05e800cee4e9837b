import type { BusHealth } from '@cs/bus';
import type { MikroORM } from '@mikro-orm/postgresql';
import { describe, expect, it } from 'vitest';
import { Readiness } from '../src/readiness.js';

/** A database that answers and has no pending migrations. */
const orm = {
  em: { fork: () => ({ getConnection: () => ({ execute: async () => [{ '?column?': 1 }] }) }) },
  migrator: { getPending: async () => [] },
} as unknown as MikroORM;

const bus = (health: BusHealth) => ({ check: async () => health });
const away: BusHealth = {
  ok: false,
  detail: { closed: false, draining: false, unansweredMs: 3_000, error: 'disconnected from NATS; reconnecting' },
};

describe('Readiness', () => {
  it('stays ready while NATS is reconnecting (commands go to the outbox) and says so in the body', async () => {
    const report = await new Readiness(orm, bus(away)).report();
    expect(report.ready).toBe(true);
    expect(report.checks.nats).toEqual({
      ok: false,
      required: false,
      detail: 'disconnected from NATS; reconnecting; commands are still accepted (outbox)',
      unansweredMs: 3_000,
    });
  });

  it('is not ready when the NATS connection is closed for good, or while shutting down', async () => {
    const closed: BusHealth = { ok: false, detail: { closed: true, draining: false, error: 'connection closed' } };
    expect((await new Readiness(orm, bus(closed)).report()).ready).toBe(false);
    const readiness = new Readiness(orm, bus({ ok: true, detail: { closed: false, draining: false } }));
    expect((await readiness.report()).ready).toBe(true);
    readiness.startDraining();
    expect(await readiness.report()).toMatchObject({ ready: false, checks: { serving: { ok: false } } });
  });
});
