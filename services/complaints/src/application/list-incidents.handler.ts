import type { ListIncidentsRequest, ListIncidentsResponse } from '@cs/contracts/cs/complaints/v1/incidents_service';
import { Violations } from '@cs/errors';
import { nextPageToken, readPage } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { IncidentRepository } from '../infrastructure/incident.repository.js';
import { incidentView } from './incident.view.js';

/** Incidents newest first, optionally only the open ones; paged. */
@Injectable()
export class ListIncidentsHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: ListIncidentsRequest): Promise<ListIncidentsResponse> {
    const violations = new Violations();
    const page = readPage(request.page, violations);
    violations.throwIfAny();
    const found = await IncidentRepository.list(this.orm.em.fork(), request.openOnly, page.offset, page.limit + 1);
    const incidents = found.slice(0, page.limit);
    return {
      incidents: incidents.map(incidentView),
      page: { nextPageToken: nextPageToken(page, incidents.length, found.length > page.limit) },
    };
  }
}
