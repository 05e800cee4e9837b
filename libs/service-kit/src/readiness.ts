import type { BusHealthMonitor } from '@cs/bus';
import { pendingMigrationCount } from '@cs/persistence';
import type { MikroORM } from '@mikro-orm/postgresql';

export interface ReadinessCheck {
  ok: boolean;
  detail?: string;
  /** false: reported, but does not make the process unready (see README, Readiness). */
  required?: boolean;
  /** NATS only: how long the broker has not answered. */
  unansweredMs?: number;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, ReadinessCheck>;
}

/**
 * /readyz: database reachable, migrations applied, and not shutting down. NATS is reported (a ping
 * bounded by NATS_PING_TIMEOUT_MS) but not required: a command commits to the outbox in the
 * service's own database, which any replica's relay publishes once the broker answers again, so
 * taking pods out of the Service during a broker outage would refuse commands for nothing.
 */
export class Readiness {
  private draining = false;
  private migrationsApplied = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly bus: Pick<BusHealthMonitor, 'check'>,
  ) {}

  startDraining(): void {
    this.draining = true;
  }

  async report(): Promise<ReadinessReport> {
    const [database, migrations, nats] = await Promise.all([
      this.checkDatabase(),
      this.checkMigrations(),
      this.checkNats(),
    ]);
    const checks: Record<string, ReadinessCheck> = {
      database,
      migrations,
      nats,
      serving: this.draining ? { ok: false, detail: 'shutting down' } : { ok: true },
    };
    return { ready: Object.values(checks).every((c) => c.ok || c.required === false), checks };
  }

  private async checkNats(): Promise<ReadinessCheck> {
    const health = await this.bus.check();
    if (health.ok) return { ok: true, required: false };
    const { error, unansweredMs, closed } = health.detail;
    return {
      ok: false,
      // A closed connection (not one that is reconnecting) never comes back: this process is broken.
      required: closed,
      detail: closed
        ? 'NATS connection closed'
        : `${error ?? 'NATS unavailable'}; commands are still accepted (outbox)`,
      ...(unansweredMs !== undefined ? { unansweredMs } : {}),
    };
  }

  private async checkDatabase(): Promise<ReadinessCheck> {
    try {
      await this.orm.em.fork().getConnection().execute('select 1');
      return { ok: true };
    } catch (error) {
      return { ok: false, detail: (error as Error).message };
    }
  }

  private async checkMigrations(): Promise<ReadinessCheck> {
    if (this.migrationsApplied) return { ok: true };
    try {
      const pending = await pendingMigrationCount(this.orm);
      this.migrationsApplied = pending === 0;
      return this.migrationsApplied ? { ok: true } : { ok: false, detail: `${pending} pending migrations` };
    } catch (error) {
      return { ok: false, detail: (error as Error).message };
    }
  }
}
