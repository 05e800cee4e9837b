import type { ListIncidentsRequest, ListIncidentsResponse } from '@cs/contracts/cs/complaints/v1/incidents_service';
import { Violations } from '@cs/errors';
import { keysetPageOf, readKeysetPage } from '@cs/persistence';
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
    const page = readKeysetPage(request.page, violations, ['time', 'text']);
    violations.throwIfAny();
    const found = await IncidentRepository.list(this.orm.em.fork(), request.openOnly, page.after, page.limit + 1);
    const { items, page: next } = keysetPageOf(found, page, (i) => [i.openedAt, i.incidentId]);
    return { incidents: items.map(incidentView), page: next };
  }
}
