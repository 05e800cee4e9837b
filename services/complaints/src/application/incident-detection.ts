import { Outbox } from '@cs/bus';
import type { RootCause } from '@cs/contracts/cs/complaints/v1/complaint';
import { IncidentTrigger } from '@cs/contracts/cs/complaints/v1/incidents_service';
import { CONFIG } from '@cs/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import {
  isSpike,
  type SpikeKey,
  type SpikePolicy,
  spikeKeys,
  spikeWindowStart,
  triggerWord,
} from '../domain/incident-spike.rule.js';

/** The config keys emergency mode reads. */
export interface IncidentSettings {
  complaintsIncidentThreshold: number;
  complaintsIncidentWindowMinutes: number;
}

/** The complaint just opened or analysed, as the detection sees it. */
export interface IncidentCandidate {
  complaintId: string;
  skus: string[];
  rootCause?: RootCause;
  at: Date;
}

/**
 * Emergency mode (应急): called inside the transaction that opened or analysed a complaint. Joins
 * the open incident of its root cause or one of its SKUs; else, when this complaint makes a spike
 * (threshold within the window), opens an incident, groups the earlier files of the spike under it
 * and tells the manager (IncidentOpened). Returns the incident the complaint now belongs to; the
 * caller sets it on its aggregate. One open incident per key is enforced by a unique index, so two
 * replicas crossing the threshold together end in one incident.
 */
@Injectable()
export class IncidentDetection {
  private readonly policy: SpikePolicy;

  constructor(@Inject(CONFIG) config: IncidentSettings) {
    this.policy = {
      threshold: config.complaintsIncidentThreshold,
      windowMinutes: config.complaintsIncidentWindowMinutes,
    };
  }

  async check(em: EntityManager, complaint: IncidentCandidate): Promise<string | undefined> {
    // A file already under an open incident stays there (an analysis does not move it to another).
    const current = await openIncidentOfComplaint(em, complaint.complaintId);
    if (current) return current;
    const keys = spikeKeys(complaint);
    for (const key of keys) {
      const open = await openIncidentOf(em, key);
      if (open) return open;
    }
    for (const key of keys) {
      const opened = await this.openOnSpike(em, key, complaint);
      if (opened) return opened;
    }
    return undefined;
  }

  private async openOnSpike(
    em: EntityManager,
    key: SpikeKey,
    complaint: IncidentCandidate,
  ): Promise<string | undefined> {
    const since = spikeWindowStart(complaint.at, this.policy);
    const others = await earlierMembers(em, key, complaint.complaintId, since, complaint.at);
    // Too few here may mean another transaction opened the incident since the look-up above and
    // grouped the others under it (they no longer count): then this file joins that incident.
    if (!isSpike(others.length + 1, this.policy)) return openIncidentOf(em, key);
    const incidentId = crypto.randomUUID();
    const inserted = await em.execute<{ incident_id: string }[]>(
      `insert into incident (incident_id, trigger, key, threshold, window_minutes, opened_at)
       values (?, ?, ?, ?, ?, ?)
       on conflict (trigger, key) where closed_at is null do nothing
       returning incident_id`,
      [incidentId, key.trigger, key.key, this.policy.threshold, this.policy.windowMinutes, complaint.at],
    );
    // Another transaction opened it meanwhile (the insert waited for it): join that one.
    if (inserted.length === 0) return openIncidentOf(em, key);
    const grouped = await em.execute<{ complaint_id: string }[]>(
      `update complaint set incident_id = ?, version = version + 1
       where complaint_id in (?) and incident_id is null
       returning complaint_id`,
      [incidentId, others],
    );
    await Outbox.add(
      em,
      'cs.complaints.incident.opened',
      {
        incidentId,
        trigger: triggerWord(key.trigger),
        key: key.key,
        complaintIds: [...grouped.map((r) => r.complaint_id), complaint.complaintId],
        threshold: this.policy.threshold,
        windowMinutes: this.policy.windowMinutes,
        openedAt: timestampOf(complaint.at),
      },
      { aggregateId: incidentId, aggregateVersion: 1 },
    );
    return incidentId;
  }
}

async function openIncidentOfComplaint(em: EntityManager, complaintId: string): Promise<string | undefined> {
  const rows = await em.execute<{ incident_id: string }[]>(
    `select i.incident_id from complaint c join incident i on i.incident_id = c.incident_id
     where c.complaint_id = ? and i.closed_at is null`,
    [complaintId],
  );
  return rows[0]?.incident_id;
}

async function openIncidentOf(em: EntityManager, key: SpikeKey): Promise<string | undefined> {
  const rows = await em.execute<{ incident_id: string }[]>(
    'select incident_id from incident where trigger = ? and key = ? and closed_at is null',
    [key.trigger, key.key],
  );
  return rows[0]?.incident_id;
}

/** The other files of the spike not yet under an incident, by the SKU (GIN) or root-cause columns. */
async function earlierMembers(
  em: EntityManager,
  key: SpikeKey,
  complaintId: string,
  since: Date,
  until: Date,
): Promise<string[]> {
  const match =
    key.trigger === IncidentTrigger.INCIDENT_TRIGGER_SKU
      ? { sql: 'skus @> array[?]::text[]', params: [key.key] }
      : {
          sql: "concat_ws('/', root_cause_type, root_cause_category, root_cause_subcategory) = ?",
          params: [key.key],
        };
  const rows = await em.execute<{ complaint_id: string }[]>(
    `select complaint_id from complaint
     where ${match.sql} and opened_at >= ? and opened_at <= ? and complaint_id <> ? and incident_id is null`,
    [...match.params, since, until, complaintId],
  );
  return rows.map((r) => r.complaint_id);
}

function timestampOf(at: Date) {
  const ms = at.getTime();
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 };
}
