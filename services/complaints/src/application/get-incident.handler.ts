import type { GetIncidentRequest, GetIncidentResponse } from '@cs/contracts/cs/complaints/v1/incidents_service';
import { NotFound, Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { isUuid } from '../infrastructure/complaint.repository.js';
import { IncidentRepository } from '../infrastructure/incident.repository.js';
import { incidentView } from './incident.view.js';

/** One incident and the complaints grouped under it. */
@Injectable()
export class GetIncidentHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: GetIncidentRequest): Promise<GetIncidentResponse> {
    checkIncidentId(request.incidentId, new Violations()).throwIfAny();
    const em = this.orm.em.fork();
    const incident = await IncidentRepository.find(em, request.incidentId);
    if (!incident) throw new NotFound('incident', request.incidentId);
    return {
      incident: incidentView(incident),
      complaintIds: await IncidentRepository.complaintIds(em, incident.incidentId),
    };
  }
}

export function checkIncidentId(incidentId: string, violations: Violations): Violations {
  violations.require('incident_id', incidentId);
  if (incidentId && !isUuid(incidentId)) violations.add('incident_id', 'must be an incident id (uuid)');
  return violations;
}
