import type {
  ListDetailsChasesRequest,
  ListDetailsChasesResponse,
} from '@cs/contracts/cs/aftersales/v1/aftersales_service';
import { DetailsChaseStatus } from '@cs/contracts/cs/aftersales/v1/case';
import { Violations } from '@cs/errors';
import { keysetFilter, keysetPageOf, readKeysetPage } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DetailsChase } from '../domain/details-chase.entity.js';
import { detailsChaseView } from './details-chase.view.js';

/** The desk's list of customers to ask for missing details: open chases, the oldest first. */
@Injectable()
export class ListDetailsChasesHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: ListDetailsChasesRequest): Promise<ListDetailsChasesResponse> {
    const violations = new Violations();
    const page = readKeysetPage(request.page, violations, ['time', 'text']);
    violations.throwIfAny();
    const after = keysetFilter(
      [
        ['openedAt', 'asc'],
        ['id', 'asc'],
      ],
      page.after,
    );
    const rows = await this.orm.em
      .fork()
      .find(
        DetailsChase,
        { status: DetailsChaseStatus.DETAILS_CHASE_STATUS_OPEN, ...after },
        { orderBy: { openedAt: 'asc', id: 'asc' }, limit: page.limit + 1 },
      );
    const { items, page: next } = keysetPageOf(rows, page, (c) => [c.openedAt, c.id]);
    return { chases: items.map(detailsChaseView), page: next };
  }
}
