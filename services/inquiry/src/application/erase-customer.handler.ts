import { Outbox } from '@cs/bus';
import type { CustomerErasureRequested } from '@cs/contracts/cs/care/v1/events';
import { IdempotencyStore } from '@cs/persistence';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { scrubCustomerDetails } from '../domain/customer-erasure.rule.js';
import { CustomerErasureStore as Store } from '../infrastructure/customer-erasure.store.js';
import { fromTimestamp } from './timestamps.js';

/**
 * PIPL: a customer asked to be forgotten. Their personal data in the front line's tables is replaced
 * with fixed markers (customer-erasure.rule.ts); ids, classes, statuses, times and figures stay, so
 * reports still add up. One transaction with the event's inbox row; an erasure already carried out
 * (a redelivery, a re-publish) changes nothing more.
 */
@Injectable()
export class EraseCustomerHandler {
  async erase(em: EntityManager, event: CustomerErasureRequested): Promise<void> {
    const { erasureId, customerId } = event;
    if (!customerId) return;
    const requestedAt = event.requestedAt ? fromTimestamp(event.requestedAt) : null;
    if (!(await Store.record(em, { erasureId: erasureId || `customer:${customerId}`, customerId, requestedAt })))
      return;
    const names = await Store.namesOf(em, customerId);
    const scrub = (text: string) => scrubCustomerDetails(text, names);
    const conversations = await Store.conversationsOf(em, customerId);
    const ids = conversations.map((c) => c.id);
    for (const c of conversations) {
      await Store.rewriteConversation(em, c.id, {
        problem: scrub(c.problem),
        handlingSteps: c.handling_steps.map(scrub),
        result: scrub(c.result),
      });
    }
    for (const message of await Store.eraseCustomerMessages(em, ids)) {
      const body = scrub(message.texts[0] ?? '');
      if (body !== message.texts[0]) await Store.rewriteMessage(em, message.id, body);
    }
    await Store.eraseFollowUps(em, customerId);
    await Store.eraseFeedback(em, ids);
    for (const handover of await Store.handoversAbout(em, ids)) {
      await Store.rewriteHandover(em, handover.id, handover.texts.map(scrub));
    }
    // Copies kept outside the tables above: outcomes remembered for retries, and events already sent.
    await IdempotencyStore.retireOutcomesNaming(em, customerId);
    await Outbox.forgetPublished(em, ids);
  }
}
