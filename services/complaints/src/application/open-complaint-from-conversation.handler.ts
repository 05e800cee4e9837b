import { ComplaintNature, ComplaintSource, Severity } from '@cs/contracts/cs/complaints/v1/complaint';
import type { ComplaintRaised } from '@cs/contracts/cs/inquiry/v1/events';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ComplaintOpening } from './complaint-opening.js';

/** Who opens a file raised in a conversation when no agent is named on the event. */
const INQUIRY = { agentId: 'service:inquiry', name: '咨询 (inquiry)' };

/**
 * A front-line conversation raised a complaint: the file opens in the event's own transaction
 * (ctx.em, committed with the inbox row) and the apology goes to the outbox with it. One file per
 * source event, whatever the bus delivers: the event id is the file's source key.
 */
@Injectable()
export class OpenComplaintFromConversationHandler {
  constructor(private readonly opening: ComplaintOpening) {}

  async complaintRaised(em: EntityManager, event: ComplaintRaised, eventId: string): Promise<void> {
    await this.opening.open(
      em,
      {
        source: ComplaintSource.COMPLAINT_SOURCE_CONVERSATION,
        sourceReference: event.conversationId,
        sourceKey: `${ComplaintSource.COMPLAINT_SOURCE_CONVERSATION}:event:${eventId}`,
        customer: event.customer ?? { customerId: '', displayName: '' },
        conversationId: event.conversationId,
        orderIds: event.order?.orderId ? [event.order.orderId] : [],
        skus: [],
        description: event.description.slice(0, 2000),
        remedySought: '',
        claimedNature: ComplaintNature.COMPLAINT_NATURE_UNSPECIFIED,
        severity: Severity.SEVERITY_UNSPECIFIED,
        openedBy: event.agent?.agentId ? event.agent : INQUIRY,
      },
      new Date(),
    );
  }
}
