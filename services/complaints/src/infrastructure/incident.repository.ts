import type { AgentRef } from '@cs/contracts/cs/common/v1/refs';
import { type KeyValue, keysetSql } from '@cs/persistence';
import type { EntityManager } from '@mikro-orm/postgresql';

/** An incident row with the number of complaints grouped under it. */
export interface StoredIncident {
  incidentId: string;
  trigger: string;
  key: string;
  threshold: number;
  windowMinutes: number;
  openedAt: Date;
  closedAt: Date | null;
  closedBy: AgentRef | null;
  closeNote: string;
  version: number;
  complaintCount: number;
}

interface IncidentRow {
  incident_id: string;
  trigger: string;
  key: string;
  threshold: number;
  window_minutes: number;
  opened_at: Date | string;
  closed_at: Date | string | null;
  closed_by: AgentRef | null;
  close_note: string;
  version: number | string;
  complaint_count: number;
}

const columns = `i.incident_id, i.trigger, i.key, i.threshold, i.window_minutes, i.opened_at, i.closed_at, i.closed_by,
  i.close_note, i.version,
  (select count(*)::int from complaint c where c.incident_id = i.incident_id) as complaint_count`;

const incidentOf = (row: IncidentRow): StoredIncident => ({
  incidentId: row.incident_id,
  trigger: row.trigger,
  key: row.key,
  threshold: row.threshold,
  windowMinutes: row.window_minutes,
  openedAt: new Date(row.opened_at),
  closedAt: row.closed_at ? new Date(row.closed_at) : null,
  closedBy: row.closed_by,
  closeNote: row.close_note,
  version: Number(row.version),
  complaintCount: row.complaint_count,
});

/** Incidents (emergency mode), read and closed with plain SQL; complaints point at them by incident_id. */
export const IncidentRepository = {
  async find(em: EntityManager, incidentId: string, { lock = false } = {}): Promise<StoredIncident | undefined> {
    const rows = await em.execute<IncidentRow[]>(
      `select ${columns} from incident i where i.incident_id = ?${lock ? ' for update of i' : ''}`,
      [incidentId],
    );
    return rows[0] ? incidentOf(rows[0]) : undefined;
  },

  /** Newest first, after the keyset cursor (opened_at, incident_id); `limit` rows. */
  async list(
    em: EntityManager,
    openOnly: boolean,
    after: KeyValue[] | undefined,
    limit: number,
  ): Promise<StoredIncident[]> {
    const cursor = keysetSql(
      [
        ['i.opened_at', 'desc'],
        ['i.incident_id', 'desc'],
      ],
      after,
    );
    const where = [openOnly ? 'i.closed_at is null' : '', cursor.sql].filter(Boolean);
    const rows = await em.execute<IncidentRow[]>(
      `select ${columns} from incident i ${where.length ? `where ${where.join(' and ')}` : ''}
       order by i.opened_at desc, i.incident_id desc limit ?`,
      [...cursor.params, limit],
    );
    return rows.map(incidentOf);
  },

  /** The complaints grouped under the incident, oldest first. */
  async complaintIds(em: EntityManager, incidentId: string): Promise<string[]> {
    const rows = await em.execute<{ complaint_id: string }[]>(
      'select complaint_id from complaint where incident_id = ? order by opened_at, complaint_id',
      [incidentId],
    );
    return rows.map((r) => r.complaint_id);
  },

  /** Closes an open incident; undefined when it was not open. */
  async close(
    em: EntityManager,
    incidentId: string,
    by: AgentRef,
    note: string,
    at: Date,
  ): Promise<StoredIncident | undefined> {
    const rows = await em.execute<{ incident_id: string }[]>(
      `update incident set closed_at = ?, closed_by = ?::jsonb, close_note = ?, version = version + 1
       where incident_id = ? and closed_at is null returning incident_id`,
      [at, JSON.stringify({ agentId: by.agentId, name: by.name }), note, incidentId],
    );
    return rows[0] ? IncidentRepository.find(em, incidentId) : undefined;
  },
};
