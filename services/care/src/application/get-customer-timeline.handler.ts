import type {
  GetCustomerTimelineRequest,
  GetCustomerTimelineResponse,
} from '@cs/contracts/cs/care/v1/customers_service';
import { Violations } from '@cs/errors';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { TimelineStore } from '../infrastructure/timeline.store.js';
import { checkCustomerId } from './field-checks.js';
import { keysetToken, readKeysetPage } from './keyset-page.js';
import { timelineEntryToProto } from './proto-mapping.js';

/** Newest first, keyset paged on (occurred_at, entry_id): each page is one index range scan. */
@Injectable()
export class GetCustomerTimelineHandler {
  constructor(
    private readonly orm: MikroORM,
    private readonly timeline: TimelineStore,
  ) {}

  async execute(request: GetCustomerTimelineRequest): Promise<GetCustomerTimelineResponse> {
    const violations = new Violations();
    checkCustomerId(violations, 'customer_id', request.customerId);
    const page = readKeysetPage(request.page, violations);
    violations.throwIfAny();
    const rows = await this.timeline.page(this.orm.em.fork(), request.customerId, page.size + 1, page.after);
    const entries = rows.slice(0, page.size);
    const last = entries.at(-1);
    return {
      entries: entries.map(timelineEntryToProto),
      page: { nextPageToken: keysetToken(last && { at: last.occurredAt, id: last.entryId }, rows.length > page.size) },
    };
  }
}
