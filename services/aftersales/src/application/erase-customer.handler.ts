import { Outbox } from '@cs/bus';
import type { CustomerErasureRequested } from '@cs/contracts/cs/care/v1/events';
import { IdempotencyStore } from '@cs/persistence';
import { LOGGER } from '@cs/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import {
  eraseFromCase,
  eraseFromChaseTask,
  eraseFromDetailsChase,
  eraseFromReview,
  eraseFromShipment,
} from '../domain/customer-personal-data.js';
import { loadCustomerRecords } from '../infrastructure/customer-records.repository.js';

/**
 * PIPL erasure: anonymises the customer's personal data in after-sales' own tables, in the event's
 * transaction (ctx.em, committed with the inbox row). Business facts stay; see customer-personal-data.
 */
@Injectable()
export class EraseCustomerHandler {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  async execute(em: EntityManager, event: CustomerErasureRequested): Promise<void> {
    // An event naming no customer has nobody to forget; erasing "" would match nothing anyway.
    if (!event.customerId) return;
    const records = await loadCustomerRecords(em, event.customerId);
    records.cases.forEach(eraseFromCase);
    records.shipments.forEach(eraseFromShipment);
    records.chaseTasks.forEach(eraseFromChaseTask);
    records.reviews.forEach(eraseFromReview);
    records.detailsChases.forEach(eraseFromDetailsChase);
    await em.flush();
    const storedOutcomes = await IdempotencyStore.retireOutcomesNaming(em, event.customerId);
    const sentEvents = await Outbox.forgetPublished(em, [
      ...records.cases.map((c) => c.id),
      ...records.chaseTasks.map((t) => t.id),
      ...records.reviews.map((r) => r.id),
    ]);
    this.logger.info(
      {
        erasureId: event.erasureId,
        cases: records.cases.length,
        shipments: records.shipments.length,
        chaseTasks: records.chaseTasks.length,
        reviews: records.reviews.length,
        detailsChases: records.detailsChases.length,
        storedOutcomes,
        sentEvents,
      },
      'customer personal data erased',
    );
  }
}
