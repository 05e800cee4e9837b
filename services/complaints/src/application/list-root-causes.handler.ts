import type {
  ListRootCausesRequest,
  ListRootCausesResponse,
  RootCauseEntry,
} from '@cs/contracts/cs/complaints/v1/root_causes_service';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { RootCauseRepository, type RootCauseRow } from '../infrastructure/root-cause.repository.js';

export const rootCauseEntry = (row: RootCauseRow): RootCauseEntry => ({
  cause: { type: row.type, category: row.category, subcategory: row.subcategory },
  description: row.description,
  retired: row.retired,
});

/** The taxonomy analyses choose from (retired causes only on request). */
@Injectable()
export class ListRootCausesHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: ListRootCausesRequest): Promise<ListRootCausesResponse> {
    const rows = await RootCauseRepository.list(this.orm.em.fork(), request.includeRetired);
    return { entries: rows.map(rootCauseEntry) };
  }
}
