import { pendingMigrationCount } from '@cs/persistence';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { NatsConnection } from '@nats-io/transport-node';

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

/** /readyz: database reachable, migrations applied, NATS connected, and not shutting down. */
export class Readiness {
  private draining = false;
  private migrationsApplied = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly nc: NatsConnection,
  ) {}

  startDraining(): void {
    this.draining = true;
  }

  async report(): Promise<ReadinessReport> {
    const [database, migrations] = await Promise.all([this.checkDatabase(), this.checkMigrations()]);
    const nats = this.nc.isClosed()
      ? { ok: false, detail: 'connection closed' }
      : this.nc.isDraining()
        ? { ok: false, detail: 'draining' }
        : { ok: true };
    const checks = {
      database,
      migrations,
      nats,
      serving: this.draining ? { ok: false, detail: 'shutting down' } : { ok: true },
    };
    return { ready: Object.values(checks).every((c) => c.ok), checks };
  }

  private async checkDatabase() {
    try {
      await this.orm.em.fork().getConnection().execute('select 1');
      return { ok: true };
    } catch (error) {
      return { ok: false, detail: (error as Error).message };
    }
  }

  private async checkMigrations() {
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
