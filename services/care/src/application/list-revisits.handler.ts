import type { ListRevisitsRequest, ListRevisitsResponse } from '@cs/contracts/cs/care/v1/revisits_service';
import { Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { RevisitStore } from '../infrastructure/revisit.store.js';
import { keysetToken, readKeysetPage } from './keyset-page.js';
import { revisitToProto } from './revisit-mapping.js';
import { fromTimestamp } from './timestamps.js';

/** The care agents' task list: open revisits due by a time (overdue ones first), earliest first. */
@Injectable()
export class ListRevisitsHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly revisits: RevisitStore,
  ) {}

  async execute(request: ListRevisitsRequest): Promise<ListRevisitsResponse> {
    const violations = new Violations();
    if (request.customerId.length > 200) violations.add('customer_id', 'must be at most 200 characters');
    const page = readKeysetPage(request.page, violations);
    violations.throwIfAny();
    const now = new Date();
    const dueBy = request.includeUpcoming ? undefined : (fromTimestamp(request.dueBy) ?? now);
    const rows = await this.revisits.openDue(
      this.orm.em.fork(),
      { dueBy, customerId: request.customerId || undefined },
      page.size + 1,
      page.after,
    );
    const revisits = rows.slice(0, page.size);
    const last = revisits.at(-1);
    return {
      revisits: revisits.map((r) => revisitToProto(r, now)),
      page: { nextPageToken: keysetToken(last && { at: last.dueAt, id: last.revisitId }, rows.length > page.size) },
    };
  }
}
