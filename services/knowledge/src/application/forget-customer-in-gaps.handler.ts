import type { CustomerErasureRequested } from '@cs/contracts/cs/care/v1/events';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { segment } from '../domain/segmenter.js';
import { gapsWithWordsOf } from '../infrastructure/knowledge-gap.repository.js';

/** Erasure (PIPL): the customer's questions kept as gap examples are forgotten; a redelivery finds nothing left. */
@Injectable()
export class ForgetCustomerInGapsHandler {
  async execute(em: EntityManager, event: CustomerErasureRequested): Promise<void> {
    if (!event.customerId) return;
    for (const gap of await gapsWithWordsOf(em, event.customerId)) gap.forgetCustomer(event.customerId, segment);
    await em.flush();
  }
}
