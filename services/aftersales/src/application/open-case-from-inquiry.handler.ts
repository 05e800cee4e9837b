import { OriginSource } from '@cs/contracts/cs/aftersales/v1/case';
import type { AftersalesRequested } from '@cs/contracts/cs/inquiry/v1/events';
import { LOGGER } from '@cs/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DetailsChase } from '../domain/details-chase.entity.js';
import { decideInquiryRequest, inquiryOriginKey } from '../domain/inquiry-request.rule.js';
import { openCase } from './case-opening.js';

/**
 * A conversation the front line classified as an after-sales request, in the event's own transaction
 * (ctx.em, committed with the inbox row, so once per event): a case when the order and what the
 * customer wants are known, otherwise a chase for the missing details. Once per conversation too:
 * the case is keyed like an agent's OpenCase with the conversation as its inquiry origin.
 */
@Injectable()
export class OpenCaseFromInquiryHandler {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  async aftersalesRequested(em: EntityManager, event: AftersalesRequested): Promise<void> {
    if (!event.conversationId) {
      this.logger.warn('aftersales_requested names no conversation: nothing opened');
      return;
    }
    const customer = event.customer ?? { customerId: '', displayName: '' };
    const orderId = event.order?.orderId ?? '';
    const decision = decideInquiryRequest(event.description, orderId);
    if (!decision.open) {
      if (await em.findOne(DetailsChase, { conversationId: event.conversationId })) return;
      const chase = DetailsChase.open(
        { conversationId: event.conversationId, customer, orderId, description: event.description },
        decision.missing,
        new Date(),
      );
      em.persist(chase);
      await em.flush();
      this.logger.info({ chaseId: chase.id, missing: decision.missing }, 'after-sales request lacks details: chase');
      return;
    }
    const { kind, parcelProblem, qualityProblem } = decision.reading;
    const source = OriginSource.ORIGIN_SOURCE_INQUIRY;
    await openCase(
      em,
      {
        kind,
        customer,
        orderId,
        origin: { source, reference: event.conversationId },
        originKey: inquiryOriginKey(source, event.conversationId, kind),
        // Staff wording only: a case's reason outlives an erasure, the customer's words must not
        // (they stay in the conversation the origin names).
        reason: `前台转售后，见会话 ${event.conversationId} (after-sales request from the front line)`,
        qualityProblem,
        parcelProblem,
        items: [],
        extendReceiptDays: 0,
      },
      new Date(),
    );
  }
}
