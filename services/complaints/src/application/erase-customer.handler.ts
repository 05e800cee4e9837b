import { Outbox } from '@cs/bus';
import type { CustomerErasureRequested } from '@cs/contracts/cs/care/v1/events';
import { IdempotencyStore } from '@cs/persistence';
import { LOGGER } from '@cs/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { Complaint } from '../domain/complaint.aggregate.js';
import { CUSTOMER_WORDS_STEPS, ERASED, eraseFromComplaint } from '../domain/customer-personal-data.js';

/**
 * PIPL erasure: anonymises the customer's complaint files in the event's transaction (ctx.em,
 * committed with the inbox row): their name and words on the file and in its steps, the photos'
 * bytes (the list of photos stays), stored command outcomes naming them, and sent events.
 */
@Injectable()
export class EraseCustomerHandler {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  async execute(em: EntityManager, event: CustomerErasureRequested): Promise<void> {
    if (!event.customerId) return;
    const complaints = await em.find(Complaint, { customerId: event.customerId });
    complaints.forEach(eraseFromComplaint);
    await em.flush();
    const ids = complaints.map((c) => c.id);
    if (ids.length) {
      await em.execute(
        "update complaint_step set note = ? where complaint_id in (?) and action in (?) and note <> ''",
        [ERASED, ids, [...CUSTOMER_WORDS_STEPS]],
      );
      for (const id of ids) await em.execute('delete from evidence_objects where key like ?', [`complaints/${id}/%`]);
    }
    const storedOutcomes = await IdempotencyStore.retireOutcomesNaming(em, event.customerId);
    const sentEvents = await Outbox.forgetPublished(em, ids);
    this.logger.info(
      { erasureId: event.erasureId, complaints: ids.length, storedOutcomes, sentEvents },
      'customer personal data erased',
    );
  }
}
