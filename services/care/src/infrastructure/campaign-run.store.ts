import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { RunProgress } from '../domain/run-progress.js';

export interface CampaignRun {
  runId: string;
  campaignId: string;
  state: 'running' | 'completed';
  /** The last customer id decided: the run continues after it. */
  cursor: string;
  progress: RunProgress;
  startedBy: string;
  startedAt: Date;
  completedAt?: Date;
}

interface RunRow {
  run_id: string;
  campaign_id: string;
  state: 'running' | 'completed';
  cursor: string;
  targeted: string;
  sent: string;
  held: string;
  skipped_by_cap: string;
  skipped_by_opt_out: string;
  failed: string;
  delivered: string;
  started_by: string;
  started_at: Date;
  completed_at: Date | null;
}

const toRun = (row: RunRow): CampaignRun => ({
  runId: row.run_id,
  campaignId: row.campaign_id,
  state: row.state,
  cursor: row.cursor,
  progress: {
    targeted: Number(row.targeted),
    sent: Number(row.sent),
    held: Number(row.held),
    skippedByCap: Number(row.skipped_by_cap),
    skippedByOptOut: Number(row.skipped_by_opt_out),
    failed: Number(row.failed),
    delivered: Number(row.delivered),
  },
  startedBy: row.started_by,
  startedAt: new Date(row.started_at),
  completedAt: row.completed_at ? new Date(row.completed_at) : undefined,
});

/** Campaign runs: state, cursor and counts, updated in each batch's transaction. */
@Injectable()
export class CampaignRunStore {
  /** The campaign's run, started now unless one exists (one run per campaign). */
  async start(em: EntityManager, runId: string, campaignId: string, startedBy: string, at: Date): Promise<CampaignRun> {
    await em.execute(
      `insert into campaign_runs (run_id, campaign_id, state, started_by, started_at)
       values (?, ?, 'running', ?, ?) on conflict (campaign_id) do nothing`,
      [runId, campaignId, startedBy, at],
    );
    const [row] = await em.execute<RunRow[]>('select * from campaign_runs where campaign_id = ?', [campaignId]);
    return toRun(row as RunRow);
  }

  async get(em: EntityManager, runId: string): Promise<CampaignRun | undefined> {
    const [row] = await em.execute<RunRow[]>('select * from campaign_runs where run_id = ?', [runId]);
    return row && toRun(row);
  }

  async running(em: EntityManager): Promise<string[]> {
    const rows = await em.execute<{ run_id: string }[]>(
      "select run_id from campaign_runs where state = 'running' order by started_at",
    );
    return rows.map((row) => row.run_id);
  }

  /**
   * Locks a running run for this transaction, or undefined when it is finished or another replica
   * holds it. A crashed holder's lock dies with its connection, so a restart resumes at once.
   */
  async lockRunning(em: EntityManager, runId: string): Promise<CampaignRun | undefined> {
    const [row] = await em.execute<RunRow[]>(
      "select * from campaign_runs where run_id = ? and state = 'running' for update skip locked",
      [runId],
    );
    return row && toRun(row);
  }

  /** Moves the cursor and adds a batch's counts. */
  async advance(em: EntityManager, runId: string, cursor: string, added: RunProgress): Promise<void> {
    await em.execute(
      `update campaign_runs set cursor = ?, targeted = targeted + ?, sent = sent + ?, held = held + ?,
         skipped_by_cap = skipped_by_cap + ?, skipped_by_opt_out = skipped_by_opt_out + ?, failed = failed + ?
       where run_id = ?`,
      [cursor, added.targeted, added.sent, added.held, added.skippedByCap, added.skippedByOptOut, added.failed, runId],
    );
  }

  async complete(em: EntityManager, runId: string, at: Date): Promise<void> {
    await em.execute("update campaign_runs set state = 'completed', completed_at = ? where run_id = ?", [at, runId]);
  }

  /** A message of the run changed state later (held → sent, queued → sent/failed, delivered). */
  async recount(
    em: EntityManager,
    campaignId: string,
    change: Partial<Record<'sent' | 'held' | 'failed' | 'delivered' | 'skipped_by_opt_out', number>>,
  ): Promise<void> {
    const columns = Object.entries(change).filter(([, delta]) => delta);
    if (!columns.length) return;
    await em.execute(
      `update campaign_runs set ${columns.map(([column]) => `${column} = ${column} + ?`).join(', ')} where campaign_id = ?`,
      [...columns.map(([, delta]) => delta), campaignId],
    );
  }
}
