import {
  GapStatus,
  type ListGapsRequest,
  type ListGapsResponse,
} from '@cs/contracts/cs/knowledge/v1/suggestions_service';
import { Violations } from '@cs/errors';
import { keysetPageOf, readKeysetPage } from '@cs/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { listGaps } from '../infrastructure/knowledge-gap.repository.js';
import { gapView } from './gap.view.js';

/** FAQ candidates, the most asked first. */
@Injectable()
export class ListGapsHandler {
  constructor(private readonly orm: MikroORM) {}

  async execute(request: ListGapsRequest): Promise<ListGapsResponse> {
    const violations = new Violations();
    if (!Object.values(GapStatus).includes(request.status)) violations.add('status', 'is not a gap status');
    const page = readKeysetPage(request.page, violations, ['int', 'text']);
    violations.throwIfAny();
    const status = request.status === GapStatus.GAP_STATUS_UNSPECIFIED ? GapStatus.GAP_STATUS_OPEN : request.status;
    const rows = await listGaps(this.orm.em.fork(), status, page.after, page.limit + 1);
    const { items, page: next } = keysetPageOf(rows, page, (g) => [g.count, g.id]);
    return { gaps: items.map(gapView), page: next };
  }
}
