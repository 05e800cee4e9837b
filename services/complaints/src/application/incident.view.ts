import type { Incident } from '@cs/contracts/cs/complaints/v1/incidents_service';
import { IncidentTrigger } from '@cs/contracts/cs/complaints/v1/incidents_service';
import type { StoredIncident } from '../infrastructure/incident.repository.js';
import { optionalTimestamp, toTimestamp } from './timestamps.js';

const triggers = Object.values(IncidentTrigger) as string[];

export function incidentView(incident: StoredIncident): Incident {
  return {
    incidentId: incident.incidentId,
    trigger: triggers.includes(incident.trigger)
      ? (incident.trigger as IncidentTrigger)
      : IncidentTrigger.INCIDENT_TRIGGER_UNSPECIFIED,
    key: incident.key,
    complaintCount: incident.complaintCount,
    openedAt: toTimestamp(incident.openedAt),
    closedAt: optionalTimestamp(incident.closedAt),
    closedBy: incident.closedBy ?? undefined,
    version: incident.version,
  };
}
